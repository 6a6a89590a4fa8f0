import type { Knex } from 'knex';
import type { ContactScope } from '../../domain/index.ts';
import type { CrmSchema } from './schema/crmSchema.ts';

/**
 * BrokerStar's contact visibility rule (`brokerStarContactVisibility` in the domain) evaluated in SQL.
 * Keep both in step: `test/adapters/knex/visibility.property.test.ts` checks them against each other.
 *
 * - every scope sees its own contacts (owner index) and contacts shared with it (shares by user);
 * - scope TEAM also sees contacts owned by members of the viewer's teams;
 * - scope ALL sees every contact.
 */

type Db = Knex | Knex.Transaction;

/** Scope ALL sees every contact: any contact's change concerns such a viewer's address book, no query needed. */
export function seesEveryContact(scope: ContactScope): boolean {
  return scope === 'ALL';
}

/**
 * A subquery selecting the column `id` of every contact `userId` may see (each id once, unordered).
 * Usable as `whereIn('x.contact_id', visibleContactIdsQuery(db, s, u))` or, aliased, in a join:
 * `.join(visibleContactIdsQuery(db, s, u).as('visible'), 'visible.id', 'x.contact_id')`.
 *
 * The UNION is wrapped in a derived table so that MySQL/MariaDB materialise it once instead of
 * re-running every branch per outer row (what they do with `IN (SELECT … UNION …)`).
 */
export function visibleContactIdsQuery(db: Db, s: CrmSchema, userId: number): Knex.QueryBuilder {
  const contactId = s.c('contacts', 'id', 'c');
  const own = db.select(`${contactId} as id`).from(s.as('contacts', 'c')).where(s.c('contacts', 'owner_id', 'c'), userId);
  const shared = db.select(`${s.c('contact_shares', 'contact_id', 'sh')} as id`).from(s.as('contact_shares', 'sh'))
    .where(s.c('contact_shares', 'user_id', 'sh'), userId);
  const teamMates = db.select(`${contactId} as id`).from(s.as('users', 'v'))
    .join(s.as('team_memberships', 'mine'), s.c('team_memberships', 'user_id', 'mine'), s.c('users', 'id', 'v'))
    .join(s.as('team_memberships', 'mate'), s.c('team_memberships', 'team_id', 'mate'), s.c('team_memberships', 'team_id', 'mine'))
    .join(s.as('contacts', 'c'), s.c('contacts', 'owner_id', 'c'), s.c('team_memberships', 'user_id', 'mate'))
    .where(s.c('users', 'id', 'v'), userId).andWhere(s.c('users', 'contact_scope', 'v'), 'TEAM');
  // Uncorrelated: evaluated once, then every contact (the owner index covers the id).
  const all = db.select(`${contactId} as id`).from(s.as('contacts', 'c'))
    .whereExists(db.select(db.raw('1')).from(s.as('users', 'v'))
      .where(s.c('users', 'id', 'v'), userId).andWhere(s.c('users', 'contact_scope', 'v'), 'ALL'));
  const union = own.union([shared, teamMates, all]);
  return db.select('visible.id').from(union.as('visible'));
}

/**
 * A WHERE condition "the contact in `contactIdColumn` (owned per `ownerIdColumn`) is visible to `userId`"
 * for point checks of one or a few contacts, where materialising every visible id would be wasteful.
 * Use inside a query on the contacts table aliased `c`:
 * `db(s.as('contacts', 'c')).where(s.c('contacts', 'id', 'c'), id).where(contactVisibleTo(db, s, u))`.
 */
export function contactVisibleTo(
  db: Db,
  s: CrmSchema,
  /** A string: the placeholder of a compiled query (`compiledQueries.ts`). */
  userId: number | string,
  contactIdColumn = s.c('contacts', 'id', 'c'),
  ownerIdColumn = s.c('contacts', 'owner_id', 'c'),
): (qb: Knex.QueryBuilder) => void {
  return (qb) => {
    qb.where(ownerIdColumn, userId)
      .orWhereExists(db.select(db.raw('1')).from(s.as('contact_shares', 'sh'))
        .whereRaw('?? = ??', [s.c('contact_shares', 'contact_id', 'sh'), contactIdColumn])
        .andWhere(s.c('contact_shares', 'user_id', 'sh'), userId))
      .orWhereExists(db.select(db.raw('1')).from(s.as('users', 'v'))
        .where(s.c('users', 'id', 'v'), userId).andWhere(s.c('users', 'contact_scope', 'v'), 'ALL'))
      .orWhereExists(db.select(db.raw('1')).from(s.as('users', 'v'))
        .join(s.as('team_memberships', 'mine'), s.c('team_memberships', 'user_id', 'mine'), s.c('users', 'id', 'v'))
        .join(s.as('team_memberships', 'mate'), s.c('team_memberships', 'team_id', 'mate'), s.c('team_memberships', 'team_id', 'mine'))
        .where(s.c('users', 'id', 'v'), userId).andWhere(s.c('users', 'contact_scope', 'v'), 'TEAM')
        .whereRaw('?? = ??', [s.c('team_memberships', 'user_id', 'mate'), ownerIdColumn]));
  };
}
