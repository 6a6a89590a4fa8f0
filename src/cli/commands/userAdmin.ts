import { CONTACT_SCOPES, syncableKinds, type ContactScope, type User } from '../../domain/index.ts';
import type { UserDirectory, UserUpdate } from '../../ports/index.ts';
import { CliError } from '../CliError.ts';
import { directoryOf, type CliContext } from '../io.ts';
import { login, noExtraPositionals, parse } from './args.ts';

/** The `user` sub-commands for changing existing accounts (the 403 texts tell users to ask for exactly these). */
export const USER_ADMIN_ACTIONS = ['update', 'deactivate', 'activate', 'delete'];

const USAGE = 'user update <login> [--group G] [--scope ALL|TEAM|OWN] [--name N] [--email E | --no-email] ' +
  '[--mailing-module | --no-mailing-module] [--active | --inactive] | user deactivate|activate <login> | user delete <login> --yes';

async function existing(users: UserDirectory, raw: string): Promise<User> {
  const user = await users.findByLogin(login(raw));
  if (!user) throw new CliError(`Unknown user "${login(raw)}".`);
  return user;
}

/** Refuses contradicting switches such as `--active --inactive`. */
function either(on: boolean | undefined, off: boolean | undefined, onName: string, offName: string): boolean | undefined {
  if (on && off) throw new CliError(`Give either --${onName} or --${offName}.`);
  return on ? true : off ? false : undefined;
}

export function describeUser(user: User): string {
  return `${user.login} ("${user.displayName}", group "${user.group.name}", scope ${user.contactScope}, ` +
    `mailing module ${user.mailingModuleEnabled ? 'on' : 'off'}, ${user.active ? 'active' : 'deactivated'}); ` +
    `may sync: ${syncableKinds(user).join(', ') || 'nothing'}`;
}

export async function userAdminCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parse(args, {
    group: { type: 'string' },
    scope: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    'no-email': { type: 'boolean' },
    'mailing-module': { type: 'boolean' },
    'no-mailing-module': { type: 'boolean' },
    active: { type: 'boolean' },
    inactive: { type: 'boolean' },
    yes: { type: 'boolean' },
  });
  const [action, rawLogin] = positionals;
  if (!rawLogin) throw new CliError(`Missing login. Usage: ${USAGE}`, true);
  noExtraPositionals(positionals, 2, USAGE);
  const users = await directoryOf(ctx);
  const user = await existing(users, rawLogin);

  if (action === 'delete') {
    if (!values.yes) throw new CliError(`Deleting ${user.login} cannot be undone; add --yes. (To stop syncing only: user deactivate ${user.login})`);
    await users.deleteUser(user.id);
    ctx.out(`Deleted user ${user.login}.`);
    return;
  }

  const changes: { -readonly [K in keyof UserUpdate]: UserUpdate[K] } = {};
  if (action === 'deactivate' || action === 'activate') {
    changes.active = action === 'activate';
  } else {
    if (values.group !== undefined) {
      const group = await users.findGroupByName(values.group);
      if (!group) throw new CliError(`Unknown group "${values.group}".`);
      changes.groupId = group.id;
    }
    if (values.scope !== undefined) {
      const scope = values.scope.toUpperCase();
      if (!CONTACT_SCOPES.includes(scope as ContactScope)) throw new CliError(`--scope must be ALL, TEAM or OWN (got "${values.scope}").`);
      changes.contactScope = scope as ContactScope;
    }
    if (values.name !== undefined) {
      if (!values.name.trim()) throw new CliError('--name must not be empty.');
      changes.displayName = values.name.trim();
    }
    if (values.email !== undefined && values['no-email']) throw new CliError('Give either --email or --no-email.');
    if (values.email !== undefined) changes.email = values.email.trim();
    if (values['no-email']) changes.email = null;
    const mailing = either(values['mailing-module'], values['no-mailing-module'], 'mailing-module', 'no-mailing-module');
    if (mailing !== undefined) changes.mailingModuleEnabled = mailing;
    const active = either(values.active, values.inactive, 'active', 'inactive');
    if (active !== undefined) changes.active = active;
    if (Object.keys(changes).length === 0) throw new CliError(`Nothing to change. Usage: ${USAGE}`, true);
  }
  const updated = await users.updateUser(user.id, changes);
  if (!updated) throw new CliError(`User "${user.login}" disappeared while being changed.`);
  ctx.out(`Updated ${describeUser(updated)}.`);
}
