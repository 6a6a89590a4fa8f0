import type { Knex } from 'knex';
import type { CrmSchema } from './crmSchema.ts';

/**
 * `team_ids` of the user in `u` (users aliased `u`) as a subquery, so that the user and their teams
 * come in one statement; `group_concat` exists under this name in MySQL/MariaDB and SQLite.
 */
export function teamIdsColumn(db: Knex | Knex.Transaction, s: CrmSchema): Knex.QueryBuilder {
  return db(s.as('team_memberships', 'tm'))
    .whereRaw('?? = ??', [s.c('team_memberships', 'user_id', 'tm'), s.c('users', 'id', 'u')])
    .select(db.raw('group_concat(??)', [s.c('team_memberships', 'team_id', 'tm')]))
    .as('team_ids');
}

/** The ids of a `team_ids` value, ascending. */
export function teamIdsOf(raw: unknown): number[] {
  if (raw === null || raw === undefined || raw === '') return [];
  return String(raw).split(',').map(Number).sort((a, b) => a - b);
}
