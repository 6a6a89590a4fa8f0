#!/usr/bin/env node
import { moduleInstalled } from '../adapters/shared/moduleInstalled.ts';
import knexFactory, { type Knex } from 'knex';
import { databaseFromUrl, loadConfig, printableConfig } from '../../config/default.ts';
import { prepareStandaloneDatabase } from '../adapters/knex/install/install.ts';
import { knexConfig } from '../adapters/knex/knexConfig.ts';
import { loadCrmSchema } from '../adapters/knex/schema/crmSchema.ts';
import { SystemClock } from '../adapters/system/SystemClock.ts';
import { runCli } from './runCli.ts';

/** `--database URL` and `--schema FILE` may stand anywhere; they override DATABASE_URL / CRM_SCHEMA_FILE. */
function globalOptions(argv: readonly string[]): { rest: string[]; database?: string; schema?: string } {
  const rest: string[] = [];
  const found: { database?: string; schema?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const m = /^--(database|schema)(?:=(.*))?$/.exec(arg);
    if (!m) {
      rest.push(arg);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`--${m[1]} needs a value.`);
    found[m[1] as 'database' | 'schema'] = value;
  }
  return { rest, ...found };
}

/** Said on standard error: a command that installs the plugin by the way must not do so silently. */
function reportPluginInstalled(migrations: readonly string[]): void {
  console.error(`Note: this database holds the reference CRM schema without the plugin's current tables (after \`uninstall\`, ` +
    `or an update): this command installed them first, as \`install\` does (${migrations.length} migration${migrations.length === 1 ? '' : 's'}).`);
}

/** `brokerstar-dav <command>` (`npm run cli -- <command>`): the same configuration (DATABASE_URL) as the server. */
async function main(): Promise<number> {
  let knex: Knex | undefined;
  try {
    const options = globalOptions(process.argv.slice(2));
    const config = loadConfig();
    if (process.argv.includes('--print-config')) {
      console.log(printableConfig(config));
      return 0;
    }
    const database = options.database ? databaseFromUrl(options.database) : config.database;
    const schema = await loadCrmSchema(options.schema ?? config.crmSchemaFile);
    let prepared = false;
    const connect = async () => {
      if (database.client === 'sqlite' && !moduleInstalled('better-sqlite3')) throw new Error(NO_SQLITE_DRIVER(database.filename));
      // knex logs failed connection attempts with a stack trace; the command reports the error itself.
      const quiet = () => {};
      knex ??= knexFactory({ ...knexConfig(database, schema), log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
      return knex;
    };
    const db = async () => {
      const connection = await connect();
      if (!prepared) await prepareStandaloneDatabase(connection, schema, { installOnHost: false, onPluginInstalledOverCrm: reportPluginInstalled });
      prepared = true;
      return connection;
    };
    return await runCli(options.rest, {
      db,
      connect,
      schema,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      clock: new SystemClock(),
      stdin: readStdin,
      ...(process.stdin.isTTY ? { promptSecret } : {}),
      progress: progressLine(),
      // `npm run cli` in this repository; otherwise the installed package's bin (invocationOf's default).
      ...(process.env.npm_lifecycle_event === 'cli' ? { invocation: 'npm run cli --' } : {}),
    });
  } catch (err) {
    // Configuration errors (e.g. a malformed DATABASE_URL) before any command ran.
    console.error(`Error: ${(err as Error).message}`);
    return 1;
  } finally {
    await knex?.destroy();
  }
}

/**
 * Without DATABASE_URL (or --database) the command works on the embedded SQLite database, whose
 * driver is an optional peer dependency that a host on BrokerStar's MySQL does not install: say
 * what to set instead of knex's "Cannot find module" stack.
 */
const NO_SQLITE_DRIVER = (file: string) =>
  `No database given (DATABASE_URL or --database), so this would use the embedded SQLite database ${file}, ` +
  'but better-sqlite3 is not installed. For BrokerStar\'s database set DATABASE_URL=mysql://user:password@host:3306/database ' +
  '(or pass --database mysql://…); for the embedded database install better-sqlite3.';

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
