/** `--help` texts; kept next to the parsers so options and documentation change together. */
export const GENERAL_HELP = `BrokerStar DAV operator command line

Usage: npm run cli -- <command> [options]

Commands:
  group create <name> [--sync-contacts] [--sync-calendar] [--sync-tasks]
                      [--may-edit-contacts] [--may-delete-contacts]
  user create <login> --password P --group NAME [--name "Display Name"] [--email E]
                      [--scope ALL|TEAM|OWN] [--mailing-module | --no-mailing-module]
  user password <login> --password P
  user list
  team add <team> <login...>
  seed --demo
  seed --contacts N --events M --tasks K --user LOGIN [--seed-value S] [--batch-size B]

--print-config shows the effective configuration (environment variables validated, secrets masked).

The database is the one the server uses: DATABASE_URL (mysql://user:pass@host:3306/db) or the
embedded SQLite file ./data/brokerstar-dav.sqlite. It is migrated before every command.

Run "npm run cli -- <command> --help" for details.`;

export const COMMAND_HELP: Record<string, string> = {
  group: `group create <name> [flags]
  Creates a BrokerStar user group. All flags default to off.
  --sync-contacts        members may sync contacts ("Kontakte synchronisieren")
  --sync-calendar        members may sync appointments ("Kalender synchronisieren")
  --sync-tasks           members may sync tasks ("Aufgaben synchronisieren")
  --may-edit-contacts    members may change (and create) contacts from a device
  --may-delete-contacts  members may delete contacts from a device`,
  user: `user create <login> --password P --group NAME [options]
  Creates a user. The login is stored lowercase (BrokerStar logins are case-insensitive).
  --name "Display Name"  shown name (default: the login)
  --email E              e-mail address
  --scope ALL|TEAM|OWN   which contacts the user sees (default OWN)
  --mailing-module       the mailing module is enabled, so the user may sync (default)
  --no-mailing-module    the mailing module is not enabled: the user may not sync at all

user password <login> --password P
  Sets a new password.

user list
  Lists every user with group, scope, mailing module, teams and what they may sync.`,
  team: `team add <team> <login...>
  Adds users to a team (created if needed). Users with scope TEAM see their team mates' contacts.`,
  seed: `seed --demo
  Loads the demo data set (groups Berater/Assistenz, users max.muster, lisa.admin, anna.beispiel,
  peter.ohne, sandra.keller with password "demo", contacts, appointments, tasks). Skipped when
  demo users or groups exist already.

seed --contacts N --events M --tasks K --user LOGIN [--seed-value S] [--batch-size B]
  Generates realistic Swiss test data owned by and assigned to LOGIN, deterministic for a given
  --seed-value (default 42), written with multi-row inserts (--batch-size rows per statement,
  default 1000). Example: seed --contacts 100000 --events 5000 --tasks 2000 --user max.muster`,
};
