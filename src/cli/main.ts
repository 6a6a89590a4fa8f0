import knexFactory, { type Knex } from 'knex';
import { loadConfig, printableConfig } from '../../config/default.ts';
import { knexConfig } from '../adapters/knex/knexConfig.ts';
import { SystemClock } from '../adapters/system/SystemClock.ts';
import { runCli } from './runCli.ts';

/** `npm run cli -- <command>`: the same configuration (DATABASE_URL) as the server. */
async function main(): Promise<number> {
  let knex: Knex | undefined;
  try {
    const config = loadConfig();
    if (process.argv.includes('--print-config')) {
      console.log(printableConfig(config));
      return 0;
    }
    const db = async () => {
      if (!knex) {
        // knex logs failed connection attempts with a stack trace; the command reports the error itself.
        const quiet = () => {};
        knex = knexFactory({ ...knexConfig(config.database), log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
        await knex.migrate.latest();
      }
      return knex;
    };
    return await runCli(process.argv.slice(2), {
      db,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      clock: new SystemClock(),
      stdin: readStdin,
      ...(process.stdin.isTTY ? { promptSecret } : {}),
      progress: progressLine(),
    });
  } catch (err) {
    // Configuration errors (e.g. a malformed DATABASE_URL) before any command ran.
    console.error(`Error: ${(err as Error).message}`);
    return 1;
  } finally {
    await knex?.destroy();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal without echoing it. */
async function promptSecret(question: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stderr.write(question);
  output._writeToOutput = () => {};
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

/** On a terminal one line rewritten in place (empty text clears it); otherwise (logs, pipes) one line per update. */
function progressLine(): (text: string) => void {
  if (!process.stderr.isTTY) return (text) => void (text && process.stderr.write(`${text}\n`));
  return (text) => process.stderr.write(`\r\x1b[2K${text}`);
}

process.exitCode = await main();
