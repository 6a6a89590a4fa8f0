import type { Knex } from 'knex';
import type { JournalEntity, SyncKind } from '../../../domain/index.ts';
import { toId } from '../sqlValues.ts';
import { contactVisibleTo, visibleContactIdsQuery } from '../visibleContactsQuery.ts';

type Db = Knex | Knex.Transaction;

/**
 * Where the members of one kind of collection come from, evaluated in SQL: contacts by the
 * installation's visibility rule (`visibleContactsQuery.ts`), appointments and tasks by assignment.
 */
export interface MemberSource {
  /** The CRM table of the objects (for their current `version`). */
  readonly crmTable: 'contacts' | 'appointments' | 'tasks';
  /** Journal entities that can matter to this kind (a pre-filter; `planRefresh` decides). */
  readonly entities: readonly JournalEntity[];
  /** Subquery selecting column `id` of every object the user's collection must hold. */
  all(db: Db, userId: number): Knex.QueryBuilder;
  /** Which of `ids` (a chunk) the user's collection must hold. */
  among(db: Db, userId: number, ids: readonly number[]): Promise<Set<number>>;
}

function assigned(table: string, column: string): Pick<MemberSource, 'all' | 'among'> {
  return {
    all: (db, userId) => db.select(`${column} as id`).from(table).where('user_id', userId),
    async among(db, userId, ids) {
      const rows: Array<Record<string, unknown>> = await db(table).where('user_id', userId).whereIn(column, ids).select(column);
      return new Set(rows.map((r) => toId(r[column])));
    },
  };
}

export const MEMBER_SOURCES: Record<SyncKind, MemberSource> = {
  contacts: {
    crmTable: 'contacts',
    entities: ['contact', 'contact_share', 'team_membership', 'user'],
    all: (db, userId) => visibleContactIdsQuery(db, userId),
    async among(db, userId, ids) {
      // Point checks: materialising every visible id for a handful of changed contacts would cost
      // O(address book) per refresh.
      const rows: Array<{ id: unknown }> = await db('contacts as c').whereIn('c.id', ids).where(contactVisibleTo(db, userId)).select('c.id');
      return new Set(rows.map((r) => toId(r.id)));
    },
  },
  calendar: { crmTable: 'appointments', entities: ['appointment', 'appointment_assignee'], ...assigned('appointment_assignees', 'appointment_id') },
  tasks: { crmTable: 'tasks', entities: ['task', 'task_assignee'], ...assigned('task_assignees', 'task_id') },
};
