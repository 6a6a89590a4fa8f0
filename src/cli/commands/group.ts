
import { CliError } from '../CliError.ts';
import { directoryOf, type CliContext } from '../io.ts';
import { noExtraPositionals, parse } from './args.ts';
import { GROUP_ADMIN_ACTIONS, groupAdminCommand } from './groupAdmin.ts';

const USAGE = 'group create <name> [--sync-contacts] [--sync-calendar] [--sync-tasks] [--may-edit-contacts] [--may-delete-contacts]';

export async function groupCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  if (GROUP_ADMIN_ACTIONS.includes(args[0] ?? '')) return groupAdminCommand(args, ctx);
  const { values, positionals } = parse(args, {
    'sync-contacts': { type: 'boolean' },
    'sync-calendar': { type: 'boolean' },
    'sync-tasks': { type: 'boolean' },
    'may-edit-contacts': { type: 'boolean' },
    'may-delete-contacts': { type: 'boolean' },
  });
  const [action, name] = positionals;
  if (action !== 'create') throw new CliError(`Unknown group command "${action ?? ''}". Usage: ${USAGE}`, true);
  if (!name?.trim()) throw new CliError(`Missing group name. Usage: ${USAGE}`, true);
  noExtraPositionals(positionals, 2, USAGE);

  const users = await directoryOf(ctx);
  if (await users.findGroupByName(name.trim())) throw new CliError(`Group "${name.trim()}" already exists.`);
  const group = {
    name: name.trim(),
    syncContacts: values['sync-contacts'] === true,
    syncCalendar: values['sync-calendar'] === true,
    syncTasks: values['sync-tasks'] === true,
    mayEditContacts: values['may-edit-contacts'] === true,
    mayDeleteContacts: values['may-delete-contacts'] === true,
  };
  const id = await users.createGroup(group);
  const on = (flag: boolean) => (flag ? 'yes' : 'no');
  ctx.out(`Created group "${group.name}" (id ${id}): sync contacts ${on(group.syncContacts)}, calendar ${on(group.syncCalendar)}, ` +
    `tasks ${on(group.syncTasks)}; may edit contacts ${on(group.mayEditContacts)}, delete ${on(group.mayDeleteContacts)}.`);
}
