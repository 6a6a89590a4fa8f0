import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Knex } from 'knex';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseConfig } from '../../../config/default.ts';
import { pluginMigrations } from './migrations/index.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { RecentlyUsed } from '../shared/RecentlyUsed.ts';
import { PREPARED_PER_CONNECTION, routePreparedQueries, type Mysql2Connection } from './mysqlPreparedStatements.ts';

/**
 * Knex settings for MySQL/MariaDB (mysql2) or embedded SQLite (better-sqlite3). `migrate.*` without
 * arguments works on the plugin's own migrations (table `brokerstar_dav_migrations`), never the host's.
 */
export function knexConfig(db: DatabaseConfig, schema: CrmSchema = CrmSchema.reference): Knex.Config {
  const migrations = pluginMigrations(schema);
  if (db.client === 'mysql') {
    const timeouts = db.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
    return {
      client: 'mysql2',
      connection: {
        uri: db.url, charset: 'utf8mb4', timezone: 'Z', dateStrings: true, supportBigNumbers: true, multipleStatements: false,
        connectTimeout: timeouts.connectMs, maxPreparedStatements: PREPARED_PER_CONNECTION,
      } as Knex.MySql2ConnectionConfig,
      // A dead database must fail requests fast (503 + Retry-After), not queue them for knex's default 60 s.
      acquireConnectionTimeout: timeouts.acquireMs,
      // min 0: no connection is kept open for its own sake, so nothing reconnects in a loop while the database is down.
      pool: {
        min: 0,
        max: 10,
        afterCreate: (conn: Mysql2Connection, done: (err: Error | null, conn: unknown) => void) => {
          routePreparedQueries(conn);
          done(null, conn);
        },
      },
      migrations,
    };
  }
  if (db.filename !== ':memory:') mkdirSync(dirname(db.filename), { recursive: true });
  return {
    client: 'better-sqlite3',
    connection: { filename: db.filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) => {
        beginImmediate(conn);
        cachePreparedStatements(conn);
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('synchronous = NORMAL');
        done(null, conn);
      },
    },
    migrations,
  };
}

interface SqliteConnection {
  pragma(s: string): unknown;
  prepare(sql: string): unknown;
}

/**
 * knex prepares every query anew on better-sqlite3, which costs more than running it for the
 * small indexed queries of a poll. The connection keeps its recent statements instead (SQLite
 * re-prepares a cached statement by itself after a schema change).
 */
function cachePreparedStatements(conn: SqliteConnection, size = 500): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new RecentlyUsed<string, unknown>(size);
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) cache.set(sql, (statement = prepare(sql)));
    return statement;
  };
}

/** What knex sends to open a transaction on SQLite. */
const KNEX_BEGIN = 'BEGIN;';

/**
 * Transactions begin IMMEDIATE: they take the database's write lock at once (waiting up to the busy
 * timeout). Otherwise another process (BrokerStar's web app, the CLI) that commits between a
 * transaction's first read and its first write makes that write fail at once with
 * SQLITE_BUSY_SNAPSHOT; now it waits for the transaction instead. The pool holds one connection,
 * so this process never waits on itself.
 */
function beginImmediate(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  conn.prepare = (sql: string) => prepare(sql === KNEX_BEGIN ? 'BEGIN IMMEDIATE;' : sql);
}
