import type { Knex } from 'knex';
import { dialectOf } from '../../journal/triggerSql.ts';

/**
 * Creates one of the plugin's tables: InnoDB with utf8mb4 and a binary collation on MySQL (names,
 * UIDs and keys compare case-sensitively, as on SQLite).
 */
export function pluginTable(knex: Knex, name: string, build: (t: Knex.CreateTableBuilder) => void): Promise<void> {
  const isMysql = dialectOf(knex) === 'mysql';
  return knex.schema.createTable(name, (t) => {
    if (isMysql) {
      t.engine('InnoDB');
      t.charset('utf8mb4');
      t.collate('utf8mb4_bin');
    }
    build(t);
  }) as unknown as Promise<void>;
}
