import { TOKENS, type StoredAppPassword } from '../../ports/index.ts';
import { buildContainer } from '../../container.ts';
import { AppPasswordService } from '../../application/AppPasswordService.ts';
import { InvalidAppPasswordLabel } from '../../domain/index.ts';
import { CliError } from '../CliError.ts';
import { table, type CliContext } from '../io.ts';
import { login, noExtraPositionals, parse, requireString } from './args.ts';

const USAGE = 'app-password create <login> --label L | app-password list <login> [--json] | app-password revoke <login> <label>';

const when = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : 'never');

/** `app-password …`: an administrator's view of a user's devices (the same app passwords as the setup page). */
export async function appPasswordCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parse(args, { label: { type: 'string' }, json: { type: 'boolean' } });
  const [action, rawLogin, ...rest] = positionals;
  if (!['create', 'list', 'revoke'].includes(action ?? '')) throw new CliError(`Unknown app-password command "${action ?? ''}". Usage: ${USAGE}`, true);
  if (!rawLogin) throw new CliError(`Missing login. Usage: ${USAGE}`, true);
  const container = await buildContainer({ knex: await ctx.db(), ...(ctx.schema ? { schema: ctx.schema } : {}) });
  const user = await container.get(TOKENS.UserDirectory).findByLogin(login(rawLogin));
  if (!user) throw new CliError(`Unknown user "${login(rawLogin)}" (see: user list).`);
  const service = new AppPasswordService(container.get(TOKENS.AppPasswords), ctx.clock);

  if (action === 'create') {
    noExtraPositionals(positionals, 2, USAGE);
    try {
      const { password, entry } = await service.create(user, requireString(values.label, 'label'));
      ctx.out(`App password "${entry.label}" created for ${user.login}. It is shown only now:`);
      // Alone on the last line, so that scripts can take it with `tail -n 1`.
      ctx.out(password);
    } catch (err) {
      if (err instanceof InvalidAppPasswordLabel) throw new CliError(err.message);
      throw err;
    }
    return;
  }
  if (action === 'list') {
    noExtraPositionals(positionals, 2, USAGE);
    const list = await service.list(user);
    if (values.json) {
      ctx.out(JSON.stringify(list.map((p: StoredAppPassword) => ({ label: p.label, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt, lastClient: p.lastClient })), null, 2));
      return;
    }
    if (list.length === 0) {
      ctx.out(`${user.login} has no app passwords.`);
      return;
    }
    for (const line of table(['label', 'created', 'last used', 'client'], list.map((p) => [p.label, when(p.createdAt), when(p.lastUsedAt), p.lastClient ?? '']))) ctx.out(line);
    return;
  }
  const label = rest.join(' ');
  if (!label) throw new CliError(`Missing label. Usage: ${USAGE}`, true);
  if (!(await service.revoke(user, label))) throw new CliError(`${user.login} has no app password "${label}" (see: app-password list ${user.login}).`);
  ctx.out(`App password "${label}" of ${user.login} revoked: devices using it get 401 from their next request.`);
}
