import type { Knex } from 'knex';
import { RateLimiterMySQL, RateLimiterSQLite } from 'rate-limiter-flexible';
import { LoginFailureCounters, counterOptions } from '../shared/loginFailureCounters.ts';
import { dialectOf } from './journal/triggerSql.ts';

/** Where the failure counters live: a plugin table, created by the plugin's migrations. */
export const LOGIN_FAILURES_TABLE = 'dav_login_failures';

/**
 * Failed-login counters in the database, so that every server instance on it sees the same counts
 * (rate-limiter-flexible's MySQL and SQLite stores on the host's knex; the table comes from our
 * migrations, expired rows are deleted by the retention job).
 */
export function knexLoginFailures(db: Knex): LoginFailureCounters {
  let database: Promise<string> | undefined;
  return new LoginFailureCounters(async (keyPrefix, window) => {
    const common = { ...counterOptions(keyPrefix, window), storeClient: db, storeType: 'knex', tableName: LOGIN_FAILURES_TABLE, tableCreated: true, clearExpiredByTimeout: false };
    if (dialectOf(db) === 'sqlite') return new RateLimiterSQLite(common);
    database ??= db.raw('SELECT DATABASE() AS db').then(([rows]: [Array<{ db: string }>]) => String(rows[0]?.db));
    return new RateLimiterMySQL({ ...common, dbName: await database });
  });
}
