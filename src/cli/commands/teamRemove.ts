
import { CliError } from '../CliError.ts';
import { directoryOf, type CliContext } from '../io.ts';
import { login, parse } from './args.ts';

const USAGE = 'team remove <team> <login...>';

/** `team remove`: takes users out of a team (they stop seeing its contacts with scope TEAM at their next sync). */
export async function teamRemoveCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const { positionals } = parse(args, {});
  const [, team, ...logins] = positionals;
  if (!team?.trim() || logins.length === 0) throw new CliError(`Missing team name or logins. Usage: ${USAGE}`, true);
  const users = await directoryOf(ctx);
  const members = [];
  for (const raw of logins) {
    const user = await users.findByLogin(login(raw));
    if (!user) throw new CliError(`Unknown user "${raw}".`);
    members.push(user);
  }
  for (const user of members) {
    const removed = await users.removeFromTeam(user.id, team.trim());
    ctx.out(removed ? `Removed ${user.login} from team "${team.trim()}".` : `${user.login} was not in team "${team.trim()}".`);
  }
}
