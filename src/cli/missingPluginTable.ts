/**
 * The plugin table a failed statement missed, when the database is BrokerStar's own and the plugin was
 * never installed there (the CLI installs nothing on it by itself). MySQL/MariaDB: ER_NO_SUCH_TABLE,
 * whose text follows the server's `lc_messages` (German on many Swiss servers) but always ends with the
 * quoted 'db.table' (knex puts the statement, with its quoted values, before it); SQLite: "no such
 * table: dav_x".
 */
export function missingPluginTable(err: unknown): string | undefined {
  const message = err instanceof Error ? err.message : String(err);
  const table = (err as { code?: unknown } | null)?.code === 'ER_NO_SUCH_TABLE' || /doesn't exist/.test(message)
    ? [...message.matchAll(/'(?:[^'.]*\.)?([^'.]+)'/g)].at(-1)?.[1]
    : /no such table: (?:\w+\.)?(\w+)/.exec(message)?.[1];
  return table !== undefined && /^(dav_|brokerstar_dav)\w*$/.test(table) ? table : undefined;
}
