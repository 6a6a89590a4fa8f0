import type { Knex } from 'knex';
import { dialectOf } from '../journal/triggerSql.ts';
import { fromSqlDate, fromSqlDateTime } from '../sqlValues.ts';

/**
 * BrokerStar's DATETIME and DATE columns hold UTC. mysql2 turns them into JavaScript Dates in the
 * connection's `timezone`, by default the process's local one: a host whose knex leaves that
 * default and runs outside UTC (Europe/Zurich) would serve every appointment an hour off and
 * birthdays a day early, and only after the next edit in BrokerStar. This reads one of each through
 * the host's knex and names the problem, or returns null when they come back as stored.
 */
export async function dateTimeReadingProblem(knex: Knex): Promise<string | null> {
  if (dialectOf(knex) !== 'mysql') return null;
  const [rows] = (await knex.raw("SELECT CAST('2000-01-01 12:00:00' AS DATETIME) AS t, CAST('2000-01-01' AS DATE) AS d")) as [Array<{ t: unknown; d: unknown }>];
  const row = rows[0]!;
  if (fromSqlDateTime(row.t).getTime() === Date.UTC(2000, 0, 1, 12) && fromSqlDate(row.d) === '2000-01-01') return null;
  return 'The knex instance given to brokerStarDav reads MySQL DATETIME/DATE values in this process\'s local time zone ' +
    `(${Intl.DateTimeFormat().resolvedOptions().timeZone}); BrokerStar's columns hold UTC, so appointment times and birthdays would be shifted. ` +
    "Create it with connection: { uri: DATABASE_URL, timezone: 'Z', dateStrings: true } (README, \"Embed in your Koa server\").";
}
