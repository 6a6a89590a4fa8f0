import type { Knex } from 'knex';

/**
 * BrokerStar's contact visibility rule (`brokerStarContactVisibility` in the domain) evaluated in SQL.
 * Keep both in step: `test/adapters/knex/visibility.property.test.ts` checks them against each other.
 *
 * - every scope sees its own contacts (`contacts_owner`) and contacts shared with it (`contact_shares_user`);
 * - scope TEAM also sees contacts owned by members of the viewer's teams
 *   (`team_memberships_user_team` for the viewer's teams, the primary key for their members, then `contacts_owner`);
 * - scope ALL sees every contact.
 */

type Db = Knex | Knex.Transaction;

/**
 * A subquery selecting the column `id` of every contact `userId` may see (each id once, unordered).
 * Usable as `whereIn('x.contact_id', visibleContactIdsQuery(db, u))` or, aliased, in a join:
 * `.join(visibleContactIdsQuery(db, u).as('visible'), 'visible.id', 'x.contact_id')`.
 *
 * The UNION is wrapped in a derived table so that MySQL/MariaDB materialise it once instead of
 * re-running every branch per outer row (what they do with `IN (SELECT … UNION …)`).
 */
export function visibleContactIdsQuery(db: Db, userId: number): Knex.QueryBuilder {
  const own = db.select('c.id').from('contacts as c').where('c.owner_id', userId);
  const shared = db.select('s.contact_id as id').from('contact_shares as s').where('s.user_id', userId);
  const teamMates = db.select('c.id').from('users as v')
    .join('team_memberships as mine', 'mine.user_id', 'v.id')
    .join('team_memberships as mate', 'mate.team_id', 'mine.team_id')
    .join('contacts as c', 'c.owner_id', 'mate.user_id')
    .where('v.id', userId).andWhere('v.contact_scope', 'TEAM');
  // Uncorrelated: evaluated once, then every contact (the `contacts_owner` index covers `id`).
  const all = db.select('c.id').from('contacts as c')
    .whereExists(db.select(db.raw('1')).from('users as v').where('v.id', userId).andWhere('v.contact_scope', 'ALL'));
  const union = own.union([shared, teamMates, all]);
  return db.select('visible.id').from(union.as('visible'));
}

/**
 * A WHERE condition "the contact in `contactIdColumn` (owned per `ownerIdColumn`) is visible to `userId`"
 * for point checks of one or a few contacts, where materialising every visible id would be wasteful.
 * Use inside a query on `contacts`: `db('contacts as c').where('c.id', id).where(contactVisibleTo(db, u))`.
 */
export function contactVisibleTo(
  db: Db,
  userId: number,
  contactIdColumn = 'c.id',
  ownerIdColumn = 'c.owner_id',
): (qb: Knex.QueryBuilder) => void {
  return (qb) => {
    qb.where(ownerIdColumn, userId)
      .orWhereExists(db.select(db.raw('1')).from('contact_shares as s')
        .whereRaw('?? = ??', ['s.contact_id', contactIdColumn]).andWhere('s.user_id', userId))
      .orWhereExists(db.select(db.raw('1')).from('users as v')
        .where('v.id', userId).andWhere('v.contact_scope', 'ALL'))
      .orWhereExists(db.select(db.raw('1')).from('users as v')
        .join('team_memberships as mine', 'mine.user_id', 'v.id')
        .join('team_memberships as mate', 'mate.team_id', 'mine.team_id')
        .where('v.id', userId).andWhere('v.contact_scope', 'TEAM')
        .whereRaw('?? = ??', ['mate.user_id', ownerIdColumn]));
  };
}
