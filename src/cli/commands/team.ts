
import { CliError } from '../CliError.ts';
import { directoryOf, type CliContext } from '../io.ts';
import { login, parse } from './args.ts';
import { teamRemoveCommand } from './teamRemove.ts';

const USAGE = 'team add <team> <login...> | team remove <team> <login...>';

export async function teamCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  if (args[0] === 'remove') return teamRemoveCommand(args, ctx);
  const { positionals } = parse(args, {});
  const [action, team, ...logins] = positionals;
  if (action !== 'add') throw new CliError(`Unknown team command "${action ?? ''}". Usage: ${USAGE}`, true);
  if (!team?.trim() || logins.length === 0) throw new CliError(`Missing team name or logins. Usage: ${USAGE}`, true);

  const users = await directoryOf(ctx);
  // Resolve every login first: an unknown one aborts before anybody is added.
  const members = [];
  for (const raw of logins) {
    const user = await users.findByLogin(login(raw));
    if (!user) throw new CliError(`Unknown user "${raw}".`);
    members.push(user);
  }
  for (const user of members) {
    const teamId = await users.addToTeam(user.id, team.trim());
    ctx.out(`Added ${user.login} to team "${team.trim()}" (id ${teamId}).`);
  }
}
