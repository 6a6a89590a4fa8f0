import type { UserGroup } from '../../domain/index.ts';
import type { GroupUpdate } from '../../ports/index.ts';
import { CliError } from '../CliError.ts';
import { directoryOf, type CliContext } from '../io.ts';
import { noExtraPositionals, parse } from './args.ts';

export const GROUP_ADMIN_ACTIONS = ['update'];

const FLAGS = [
  ['sync-contacts', 'syncContacts'],
  ['sync-calendar', 'syncCalendar'],
  ['sync-tasks', 'syncTasks'],
  ['may-edit-contacts', 'mayEditContacts'],
  ['may-delete-contacts', 'mayDeleteContacts'],
] as const;

const USAGE = `group update <name> [--rename NEW] ${FLAGS.map(([f]) => `[--${f} | --no-${f}]`).join(' ')}`;

export function describeGroup(group: UserGroup): string {
  const on = (flag: boolean) => (flag ? 'yes' : 'no');
  return `"${group.name}" (id ${group.id}): sync contacts ${on(group.syncContacts)}, calendar ${on(group.syncCalendar)}, ` +
    `tasks ${on(group.syncTasks)}; may edit contacts ${on(group.mayEditContacts)}, delete ${on(group.mayDeleteContacts)}`;
}

/** `group update`: switches a group's flags on or off (takes effect at the members' next request) or renames it. */
export async function groupAdminCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const options: Record<string, { type: 'boolean' | 'string' }> = { rename: { type: 'string' } };
  for (const [flag] of FLAGS) {
    options[flag] = { type: 'boolean' };
    options[`no-${flag}`] = { type: 'boolean' };
  }
  const { values, positionals } = parse(args, options);
  const [, name] = positionals;
  if (!name?.trim()) throw new CliError(`Missing group name. Usage: ${USAGE}`, true);
  noExtraPositionals(positionals, 2, USAGE);
  const users = await directoryOf(ctx);
  const group = await users.findGroupByName(name.trim());
  if (!group) throw new CliError(`Unknown group "${name.trim()}".`);

  const changes: { -readonly [K in keyof GroupUpdate]: GroupUpdate[K] } = {};
  for (const [flag, field] of FLAGS) {
    if (values[flag] && values[`no-${flag}`]) throw new CliError(`Give either --${flag} or --no-${flag}.`);
    if (values[flag]) changes[field] = true;
    if (values[`no-${flag}`]) changes[field] = false;
  }
  const rename = values.rename;
  if (typeof rename === 'string') {
    if (!rename.trim()) throw new CliError('--rename must not be empty.');
    if (rename.trim() !== group.name && (await users.findGroupByName(rename.trim()))) throw new CliError(`Group "${rename.trim()}" already exists.`);
    changes.name = rename.trim();
  }
  if (Object.keys(changes).length === 0) throw new CliError(`Nothing to change. Usage: ${USAGE}`, true);
  const updated = await users.updateGroup(group.id, changes);
  if (!updated) throw new CliError(`Group "${group.name}" disappeared while being changed.`);
  ctx.out(`Updated group ${describeGroup(updated)}.`);
}
