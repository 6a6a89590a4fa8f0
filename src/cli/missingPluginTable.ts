/**
 * The plugin table a failed statement missed, when the database is BrokerStar's own and the plugin was
 * never installed there (the CLI installs nothing on it by itself). MySQL/MariaDB: ER_NO_SUCH_TABLE
 * "Table 'db.dav_x' doesn't exist"; SQLite: "no such table: dav_x".
 */
export function missingPluginTable(err: unknown): string | undefined {
  const message = err instanceof Error ? err.message : String(err);
  const m = /Table '(?:[^'.]*\.)?((?:dav_|brokerstar_dav)\w*)' doesn't exist|no such table: (?:\w+\.)?((?:dav_|brokerstar_dav)\w*)/.exec(message);
  return m ? (m[1] ?? m[2]) : undefined;
}
