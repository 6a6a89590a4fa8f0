/**
 * `--help` texts; kept next to the parsers so options and documentation change together. `<cli>` stands
 * for how the operator runs this command line (`npx brokerstar-dav` in a host, `npm run cli --` here).
 */
const GENERAL_HELP = `BrokerStar DAV operator command line

Usage: <cli> <command> [options]

Commands:
  group create <name> [--sync-contacts] [--sync-calendar] [--sync-tasks]
                      [--may-edit-contacts] [--may-delete-contacts]
  group update <name> [--rename NEW] [--sync-contacts | --no-sync-contacts] [...]
  user create <login> --group NAME [--password-stdin] [--name "Display Name"] [--email E]
                      [--scope ALL|TEAM|OWN] [--mailing-module | --no-mailing-module]
  user password <login> [--password-stdin]
  user update <login> [--group G] [--scope S] [--name N] [--email E | --no-email]
                      [--mailing-module | --no-mailing-module] [--active | --inactive]
  user deactivate <login> | user activate <login> | user delete <login> --yes
  user list [--json]
  team add <team> <login...> | team remove <team> <login...>
  diagnose <login> [--json]      why this user can or cannot sync
  app-password create <login> --label L | list <login> [--json] | revoke <login> <label>
  seed --demo
  seed [--contacts N] [--events M] [--tasks K] --user LOGIN [--seed-value S] [--batch-size B]
  install [--check]              add the plugin's tables and triggers to BrokerStar's database
  uninstall                      remove them again (CRM tables and rows stay)
  prune [--older-than 30d]       journal retention by hand

Options for every command (anywhere on the line):
  --database URL                 this database instead of DATABASE_URL (mysql://… or sqlite:FILE)
  --schema FILE                  the CRM table and column names instead of CRM_SCHEMA_FILE
  --print-config                 the effective configuration (environment validated, secrets masked)

The database is the one the server uses: DATABASE_URL (mysql://user:pass@host:3306/db) or the
embedded SQLite file ./data/brokerstar-dav.sqlite (created with the reference CRM schema and the
plugin on first use). BrokerStar's own database is never changed except by install and uninstall.

Run "<cli> <command> --help" for details.`;

export const generalHelp = (cli: string): string => GENERAL_HELP.replaceAll('<cli>', cli);

/** Per-command help, or undefined for a command without its own text. */
export const commandHelp = (name: string, cli: string): string | undefined => COMMAND_HELP[name]?.replaceAll('<cli>', cli);

const COMMAND_HELP: Record<string, string> = {
  group: `group create <name> [flags]
  Creates a BrokerStar user group. All flags default to off.
  --sync-contacts        members may sync contacts ("Kontakte synchronisieren")
  --sync-calendar        members may sync appointments ("Kalender synchronisieren")
  --sync-tasks           members may sync tasks ("Aufgaben synchronisieren")
  --may-edit-contacts    members may change (and create) contacts from a device
  --may-delete-contacts  members may delete contacts from a device

group update <name> [--rename NEW] [--sync-contacts | --no-sync-contacts] [--sync-calendar | --no-sync-calendar]
             [--sync-tasks | --no-sync-tasks] [--may-edit-contacts | --no-may-edit-contacts]
             [--may-delete-contacts | --no-may-delete-contacts]
  Switches a group's flags (for every member, at their next request) or renames it.`,
  user: `user create <login> --group NAME [--password-stdin | --password P] [options]
  Creates a user. The login is stored lowercase (BrokerStar logins are case-insensitive).
  The password is asked for on the terminal, or read from standard input with --password-stdin
  (e.g. "<cli> user create … --password-stdin < secret.txt"). --password P still works but
  the password is then visible to other users in "ps" and stays in the shell history.
  --name "Display Name"  shown name (default: the login)
  --email E              e-mail address
  --scope ALL|TEAM|OWN   which contacts the user sees (default OWN)
  --mailing-module       the mailing module is enabled, so the user may sync (default)
  --no-mailing-module    the mailing module is not enabled: the user may not sync at all

user password <login> [--password-stdin | --password P]
  Sets a new password (asked for on the terminal unless given as for "user create").

user update <login> [--group G] [--scope ALL|TEAM|OWN] [--name N] [--email E | --no-email]
            [--mailing-module | --no-mailing-module] [--active | --inactive]
  Changes only what is given; takes effect at the user's next request.

user deactivate <login>   the user may no longer sync (403 with the reason); nothing is deleted
user activate <login>
user delete <login> --yes
  Deletes the user with team memberships, shares and assignments. Refused while the user still
  owns contacts, appointments or tasks: reassign them in BrokerStar or deactivate the user.

user list [--json]
  Lists every user with group, scope, mailing module, teams and what they may sync.`,
  team: `team add <team> <login...>
  Adds users to a team (created if needed). Users with scope TEAM see their team mates' contacts.

team remove <team> <login...>
  Takes users out of a team.`,
  diagnose: `diagnose <login> [--json]
  Why this user can or cannot sync, in one screen: account active, mailing module, the group's
  flags per type with the group's name, how many contacts/appointments/tasks each collection
  contains right now and why (scope, team mates, shares, assignments), the exact text the server
  answers to the user's refused requests (German and English) and the commands that would lift it.`,
  'app-password': `app-password create <login> --label L
  Creates an app password for one device of the user; prints it alone on the last line (shown
  only then; stored as a bcrypt hash). Devices sign in with the login and this password.

app-password list <login> [--json]
  The user's devices: label, created, last use and client family (Outlook, Apple, DAVx5, …).

app-password revoke <login> <label>
  Revokes it: a device using it gets 401 from its next request. Users do the same on <basePath>/setup.`,
  seed: `seed --demo
  Loads the demo data set (groups Berater/Assistenz, users max.muster, lisa.admin, anna.beispiel,
  peter.ohne, sandra.keller with password "demo", contacts, appointments, tasks). Skipped when
  demo users or groups exist already.

seed [--contacts N] [--events M] [--tasks K] --user LOGIN [--seed-value S] [--batch-size B]
  Generates realistic Swiss test data owned by and assigned to LOGIN: at least one of the three
  counts, a count left out is 0. Deterministic for a given --seed-value (default 42), written with
  multi-row inserts (--batch-size rows per statement, default 1000).
  Example: seed --contacts 100000 --events 5000 --tasks 2000 --user max.muster
  Progress is shown on standard error after each transaction of 10 000 objects.`,
  install: `install [--check]
  Adds the plugin's own tables (dav_*, brokerstar_dav_migrations) and the triggers that record CRM
  changes for sync to BrokerStar's database; running it again changes nothing.
  --check   changes nothing: checks the CRM tables, the privileges (TRIGGER; binary logging needs
            log_bin_trust_function_creators or SUPER) and prints what install would create.
  No CRM table or row, and not the host's migrations table, is created, altered or dropped.
  Details: docs/install.md in this package.`,
  uninstall: `uninstall
  Removes the plugin's triggers and tables; BrokerStar's tables and rows stay as they are. Devices
  must be set up again after a new install (their sync state is gone).`,
  prune: `prune [--older-than 30d]
  Deletes the change journal older than the given age (units: m, h, d). The server also prunes by
  itself (journalRetentionMs, default 30 days); devices holding an older sync token re-sync fully.`,
};
