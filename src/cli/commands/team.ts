
import { CliError } from '../CliError.ts';
import { directoryOf, type CliContext } from '../io.ts';
import { parse, usersNamed } from './args.ts';
import { teamRemoveCommand } from './teamRemove.ts';

const USAGE = 'team add <team> <login...> | team remove <team> <login...>';

export async function teamCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  if (args[0] === 'remove') return teamRemoveCommand(args, ctx);
  const { positionals } = parse(args, {});
  const [action, team, ...logins] = positionals;
  if (action !== 'add') throw new CliError(`Unknown team command "${action ?? ''}". Usage: ${USAGE}`, true);
  if (!team?.trim() || logins.length === 0) throw new CliError(`Missing team name or logins. Usage: ${USAGE}`, true);

  const users = await directoryOf(ctx);
  for (const user of await usersNamed(users, logins)) {
    const teamId = await users.addToTeam(user.id, team.trim());
    ctx.out(`Added ${user.login} to team "${team.trim()}" (id ${teamId}).`);
  }
}
