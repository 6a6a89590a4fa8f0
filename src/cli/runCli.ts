import { DomainError } from '../domain/index.ts';
import { CliError } from './CliError.ts';
import { commandHelp, generalHelp } from './help.ts';
import { invocationOf, type CliContext } from './io.ts';
import { missingPluginTable } from './missingPluginTable.ts';
import { groupCommand } from './commands/group.ts';
import { userCommand } from './commands/user.ts';
import { teamCommand } from './commands/team.ts';
import { seedCommand } from './commands/seed.ts';
import { installCommand, pruneCommand, uninstallCommand } from './commands/install.ts';
import { diagnoseCommand } from './commands/diagnose.ts';
import { appPasswordCommand } from './commands/appPassword.ts';

const COMMANDS: Record<string, (args: readonly string[], ctx: CliContext) => Promise<void>> = {
  group: groupCommand,
  user: userCommand,
  team: teamCommand,
  seed: seedCommand,
  install: installCommand,
  uninstall: uninstallCommand,
  prune: pruneCommand,
  diagnose: diagnoseCommand,
  'app-password': appPasswordCommand,
};

/**
 * Runs one operator command and returns the exit code. In-process, so tests drive it with their
 * own database; `main.ts` adds the process around it.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  const cli = invocationOf(ctx);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (name === undefined || name === 'help' || (wantsHelp && (name.startsWith('-') || !COMMANDS[name]))) {
    ctx.out(generalHelp(cli));
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    ctx.err(`Unknown command "${name}". Run "${cli} --help" for the list of commands.`);
    return 1;
  }
  if (wantsHelp) {
    ctx.out(commandHelp(name, cli) ?? generalHelp(cli));
    return 0;
  }
  try {
    await command(rest, ctx);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      ctx.err(`Error: ${err.message}`);
      if (err.showUsage) ctx.err(`Run "${cli} ${name} --help" for the options.`);
      return 1;
    }
    if (err instanceof DomainError) {
      ctx.err(`Error: ${err.message}`);
      return 1;
    }
    const table = missingPluginTable(err);
    if (table) {
      ctx.err(`Error: BrokerStar DAV is not installed in this database (its table ${table} is missing). ` +
        `Run "${cli} install --check", then "${cli} install".`);
      return 1;
    }
    // Environment problems (database unreachable, …): the message is what the operator needs; the
    // stack only when asked for.
    ctx.err(`Error: ${(err as Error).message ?? String(err)}`);
    if (process.env.BROKERSTAR_DEBUG) ctx.err(String((err as Error).stack));
    return 1;
  }
}
