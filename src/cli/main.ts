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
    });
  } catch (err) {
    // Configuration errors (e.g. a malformed DATABASE_URL) before any command ran.
    console.error(`Error: ${(err as Error).message}`);
    return 1;
  } finally {
    await knex?.destroy();
  }
}

process.exitCode = await main();
