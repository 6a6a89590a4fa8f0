import type { Knex } from 'knex';
import type { JournalEntity, SyncKind } from '../../../domain/index.ts';
import type { CrmSchema } from '../schema/crmSchema.ts';
import { contactVisibleTo, visibleContactIdsQuery } from '../visibleContactsQuery.ts';

type Db = Knex | Knex.Transaction;

/**
 * Where the members of one kind of collection come from, evaluated in SQL: contacts by the
 * installation's visibility rule (`visibleContactsQuery.ts`), appointments and tasks by assignment.
 */
export interface MemberSource {
  /** The CRM table of the objects (logical name). */
  readonly crmTable: 'contacts' | 'appointments' | 'tasks';
  /** Journal entities that can matter to this kind (a pre-filter; `planRefresh` decides). */
  readonly entities: readonly JournalEntity[];
  /** Subquery selecting column `id` of every object the user's collection must hold. */
  all(db: Db, userId: number): Knex.QueryBuilder;
  /**
   * Subquery selecting column `id` of those of `ids` (a chunk) the user's collection must hold.
   * Strings: placeholders of a compiled query (`compiledQueries.ts`).
   */
  among(db: Db, userId: number | string, ids: readonly (number | string)[]): Knex.QueryBuilder;
  /** Subquery selecting column `id` of the objects linked to the given contacts (their customer), if the kind has one. */
  linkedTo?(db: Db, contactIds: readonly number[] | Knex.QueryBuilder): Knex.QueryBuilder;
  /** Subquery selecting column `id` of those of `ids` that have a customer (linked contact). */
  withCustomer?(db: Db, ids: readonly number[]): Knex.QueryBuilder;
}

function linkedTo(s: CrmSchema, table: 'appointments' | 'tasks'): Pick<MemberSource, 'linkedTo' | 'withCustomer'> {
  return {
    linkedTo: (db, contactIds) => db.select(`${s.c(table, 'id')} as id`).from(s.t(table))
      .whereIn(s.c(table, 'contact_id'), contactIds as readonly number[]),
    withCustomer: (db, ids) => db.select(`${s.c(table, 'id')} as id`).from(s.t(table))
      .whereIn(s.c(table, 'id'), ids).whereNotNull(s.c(table, 'contact_id')),
  };
}

function assigned(s: CrmSchema, table: 'appointment_assignees' | 'task_assignees', column: 'appointment_id' | 'task_id'): Pick<MemberSource, 'all' | 'among'> {
  const t = s.t(table);
  const object = s.c(table, column);
  const user = s.c(table, 'user_id');
  return {
    all: (db, userId) => db.select(`${object} as id`).from(t).where(user, userId),
    among: (db, userId, ids) => db(t).where(user, userId).whereIn(object, ids).select(`${object} as id`),
  };
}

const sourcesBySchema = new WeakMap<CrmSchema, Record<SyncKind, MemberSource>>();

/**
 * The member sources of the three collection kinds on the installation's CRM schema; the same
 * objects for one schema, so compiled queries can be kept per source.
 */
export function memberSources(s: CrmSchema): Record<SyncKind, MemberSource> {
  let sources = sourcesBySchema.get(s);
  if (!sources) sourcesBySchema.set(s, (sources = sourcesOf(s)));
  return sources;
}

function sourcesOf(s: CrmSchema): Record<SyncKind, MemberSource> {
  return {
    contacts: {
      crmTable: 'contacts',
      entities: ['contact', 'contact_share', 'team_membership', 'team', 'user'],
      all: (db, userId) => visibleContactIdsQuery(db, s, userId),
      // Point checks: materialising every visible id for a handful of changed contacts would cost
      // O(address book) per refresh.
      among: (db, userId, ids) => db(s.as('contacts', 'c')).whereIn(s.c('contacts', 'id', 'c'), ids)
        .where(contactVisibleTo(db, s, userId)).select(`${s.c('contacts', 'id', 'c')} as id`),
    },
    calendar: {
      crmTable: 'appointments', entities: ['appointment', 'appointment_assignee', 'contact'],
      ...assigned(s, 'appointment_assignees', 'appointment_id'), ...linkedTo(s, 'appointments'),
    },
    tasks: { crmTable: 'tasks', entities: ['task', 'task_assignee', 'contact'], ...assigned(s, 'task_assignees', 'task_id'), ...linkedTo(s, 'tasks') },
  };
}
