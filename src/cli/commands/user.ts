import { CONTACT_SCOPES, syncableKinds, type ContactScope } from '../../domain/index.ts';
import { CliError } from '../CliError.ts';
import { table, type CliContext, directoryOf, invocationOf } from '../io.ts';
import { login, noExtraPositionals, parse, requireString } from './args.ts';
import { PASSWORD_OPTIONS, passwordFrom } from '../password.ts';
import { USER_ADMIN_ACTIONS, userAdminCommand } from './userAdmin.ts';

const USAGE = 'user create <login> --group NAME [--password-stdin] [...] | user password <login> [--password-stdin] | user list [--json] | user update|deactivate|delete <login>';

export async function userCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  if (USER_ADMIN_ACTIONS.includes(args[0] ?? '')) return userAdminCommand(args, ctx);
  const { values, positionals } = parse(args, {
    ...PASSWORD_OPTIONS,
    json: { type: 'boolean' },
    group: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    scope: { type: 'string' },
    'mailing-module': { type: 'boolean' },
    'no-mailing-module': { type: 'boolean' },
  });
  const [action, rawLogin] = positionals;
  switch (action) {
    case 'create': {
      if (!rawLogin) throw new CliError(`Missing login. Usage: ${USAGE}`, true);
      noExtraPositionals(positionals, 2, USAGE);
      const groupName = requireString(values.group, 'group');
      const scope = (values.scope ?? 'OWN').toUpperCase();
      if (!CONTACT_SCOPES.includes(scope as ContactScope)) throw new CliError(`--scope must be ALL, TEAM or OWN (got "${values.scope}").`);
      if (values['mailing-module'] && values['no-mailing-module']) throw new CliError('Give either --mailing-module or --no-mailing-module.');
      const normalized = login(rawLogin);
      const users = await directoryOf(ctx);
      const group = await users.findGroupByName(groupName);
      if (!group) throw new CliError(`Unknown group "${groupName}". Create it first: ${invocationOf(ctx)} group create "${groupName}" …`);
      if (await users.findByLogin(normalized)) throw new CliError(`User "${normalized}" already exists.`);
      const password = await passwordFrom(values, ctx);
      const user = await users.createUser({
        login: normalized, password, displayName: values.name?.trim() || normalized, email: values.email ?? null,
        groupId: group.id, contactScope: scope as ContactScope, mailingModuleEnabled: values['no-mailing-module'] !== true,
      });
      const kinds = syncableKinds(user);
      ctx.out(`Created user ${user.login} (id ${user.id}, group "${group.name}", scope ${user.contactScope}, ` +
        `mailing module ${user.mailingModuleEnabled ? 'on' : 'off'}); may sync: ${kinds.join(', ') || 'nothing'}.`);
      return;
    }
    case 'password': {
      if (!rawLogin) throw new CliError(`Missing login. Usage: ${USAGE}`, true);
      noExtraPositionals(positionals, 2, USAGE);
      const normalized = login(rawLogin);
      const users = await directoryOf(ctx);
      if (!(await users.findByLogin(normalized))) throw new CliError(`Unknown user "${normalized}".`);
      if (!(await users.setPassword(normalized, await passwordFrom(values, ctx)))) throw new CliError(`Unknown user "${normalized}".`);
      ctx.out(`Password of ${normalized} changed.`);
      return;
    }
    case 'list':
      noExtraPositionals(positionals, 1, USAGE);
      return listUsers(ctx, values.json === true);
    default:
      throw new CliError(`Unknown user command "${action ?? ''}". Usage: ${USAGE}`, true);
  }
}

async function listUsers(ctx: CliContext, json: boolean): Promise<void> {
  const knex = await ctx.db();
  const users = await directoryOf(ctx);
  const logins: string[] = await knex('users').orderBy('login').pluck('login');
  const teamRows: Array<{ user_id: unknown; name: string }> = await knex('team_memberships as m')
    .join('teams as t', 't.id', 'm.team_id').orderBy('t.name').select('m.user_id', 't.name');
  const rows: string[][] = [];
  const records: object[] = [];
  for (const l of logins) {
    const user = await users.findByLogin(l);
    if (!user) continue;
    const teams = teamRows.filter((t) => Number(t.user_id) === user.id).map((t) => t.name);
    records.push({
      login: user.login, name: user.displayName, email: user.email, group: user.group.name, scope: user.contactScope,
      mailingModule: user.mailingModuleEnabled, active: user.active, teams, maySync: syncableKinds(user),
    });
    rows.push([user.login, user.displayName, user.group.name, user.contactScope, user.mailingModuleEnabled ? 'on' : 'off',
      user.active ? 'yes' : 'no', teams.join(', '), syncableKinds(user).join(', ') || '-']);
  }
  if (json) {
    ctx.out(JSON.stringify(records, null, 2));
    return;
  }
  if (rows.length === 0) {
    ctx.out(`No users yet. Create one with: ${invocationOf(ctx)} user create <login> --group NAME`);
    return;
  }
  for (const line of table(['login', 'name', 'group', 'scope', 'mailing', 'active', 'teams', 'may sync'], rows)) ctx.out(line);
}
