import type { Knex } from 'knex';
import type { ObjectKind } from '../../../domain/index.ts';
import { VERSIONS_TABLE } from '../journal/triggerSql.ts';
import { compiledRows, PLUGIN_TABLES } from '../compiledQueries.ts';

type Db = Knex | Knex.Transaction;

/**
 * CRM objects carry no version column of their own: the triggers count changes in the plugin's
 * `dav_object_versions`. An object without a row there (unchanged since the install) is version 0.
 */
export function joinVersion(qb: Knex.QueryBuilder, kind: ObjectKind, objectIdColumn: string, alias = 'ov'): Knex.QueryBuilder {
  return qb.leftJoin(`${VERSIONS_TABLE} as ${alias}`, (j) => {
    j.on(`${alias}.object_id`, '=', objectIdColumn).andOnVal(`${alias}.kind`, '=', kind);
  });
}

/** `COALESCE(ov.version, 0) as <as>` for a query joined by {@link joinVersion}. */
export function versionColumn(db: Db, as = 'version', alias = 'ov'): Knex.Raw {
  return db.raw(`COALESCE(??, 0) as ??`, [`${alias}.version`, as]);
}

/** The version the triggers have given one object so far (0 without a row), one indexed read. */
export async function readVersion(db: Db, kind: ObjectKind, objectId: number): Promise<number> {
  // By primary key, no LIMIT: a compiled shape without `LIMIT ?` stays prepared on MySQL.
  const [row] = await compiledRows<{ version: unknown }>(db, PLUGIN_TABLES, 'object-version', (p) =>
    db(VERSIONS_TABLE).where({ kind: p(0), object_id: p(1) }).select('version'), [kind, objectId]);
  return row ? Number(row.version) : 0;
}
