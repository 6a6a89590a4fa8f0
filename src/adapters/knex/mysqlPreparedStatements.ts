/**
 * MySQL server-side prepared statements for the hot compiled queries (compiledQueries.ts).
 *
 * Every statement is a round trip, and with the text protocol MySQL parses and plans each one
 * anew; a prepared statement skips that and exchanges binary rows (measured on MariaDB 10.11: the
 * member listing of a multiget 0.37 → 0.27 ms). knex only ever calls `connection.query`, so a query
 * marked `PREPARED` is routed to mysql2's `execute` on the same connection: knex's pool,
 * transactions, query events and errors stay as they are. mysql2 keeps each connection's
 * statements (a dropped connection takes its statements with it; the next one prepares again).
 *
 * Only shapes with few values are prepared: their number stays small (the `IN` lists are padded to
 * 1, 2, 4, … 64), far below the server's `max_prepared_stmt_count` even with many pool connections
 * and instances, while a long list keeps the text protocol. Shapes with a `LIMIT ?` stay text too:
 * mysql2 sends a JS number as DOUBLE, which MySQL 8 refuses for LIMIT (MariaDB accepts it), and
 * those are the paged listings, not the per-request lookups.
 */
export const MAX_PREPARED_BINDINGS = 64;

/** Marks a knex raw query (`.options(PREPARED)`) to run as a prepared statement on MySQL. */
export const PREPARED: Readonly<{ bsdavPrepared: true }> = Object.freeze({ bsdavPrepared: true });

/** Statements one connection keeps prepared; mysql2 closes the least recently used beyond this. */
export const PREPARED_PER_CONNECTION = 256;

type Callback = (...args: unknown[]) => void;
interface QueryOptions {
  readonly sql: string;
  readonly bsdavPrepared?: boolean;
  readonly [option: string]: unknown;
}
export interface Mysql2Connection {
  query(options: unknown, values?: unknown, callback?: Callback): unknown;
  execute(options: unknown, values?: unknown, callback?: Callback): unknown;
}

/** MySQL/MariaDB: "Can't create more than max_prepared_stmt_count statements" (a server-wide limit). */
const TOO_MANY_PREPARED = 1461;

/**
 * Lets `connection.query` run queries marked `PREPARED` through `execute`. Call once per new
 * connection. When the server's statement limit is reached (many instances, other applications),
 * the query runs as text instead of failing.
 */
export function routePreparedQueries(connection: Mysql2Connection): void {
  const query = connection.query.bind(connection);
  const execute = connection.execute.bind(connection);
  connection.query = (options: unknown, values?: unknown, callback?: Callback) => {
    if (typeof options === 'object' && options !== null && (options as QueryOptions).bsdavPrepared === true) {
      const { bsdavPrepared: _marker, ...rest } = options as QueryOptions;
      return execute(rest, values, (...answer: unknown[]) => {
        if ((answer[0] as { errno?: number } | null)?.errno === TOO_MANY_PREPARED) return query(rest, values, callback);
        return callback?.(...answer);
      });
    }
    return query(options, values, callback);
  };
}
