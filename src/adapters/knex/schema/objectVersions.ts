import type { Knex } from 'knex';
import type { ObjectKind } from '../../../domain/index.ts';
import { VERSIONS_TABLE } from '../journal/triggerSql.ts';

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
