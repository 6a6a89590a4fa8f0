
import { CliError } from '../CliError.ts';
import { directoryOf, type CliContext } from '../io.ts';
import { parse, usersNamed } from './args.ts';

const USAGE = 'team remove <team> <login...>';

/** `team remove`: takes users out of a team (they stop seeing its contacts with scope TEAM at their next sync). */
export async function teamRemoveCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const { positionals } = parse(args, {});
  const [, team, ...logins] = positionals;
  if (!team?.trim() || logins.length === 0) throw new CliError(`Missing team name or logins. Usage: ${USAGE}`, true);
  const users = await directoryOf(ctx);
  for (const user of await usersNamed(users, logins)) {
    const removed = await users.removeFromTeam(user.id, team.trim());
    ctx.out(removed ? `Removed ${user.login} from team "${team.trim()}".` : `${user.login} was not in team "${team.trim()}".`);
  }
}
