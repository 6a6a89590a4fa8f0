import { expect } from 'chai';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { KnexContactDirectory } from '../../../src/adapters/knex/KnexContactDirectory.ts';
import { brokerStarContactVisibility, CONTACT_SCOPES, type ContactScope, type Viewer } from '../../../src/domain/index.ts';
import { forEachDatabase } from '../../support/databases.ts';

/** A small random CRM: ids are 1-based positions in the arrays. */
interface World {
  readonly scopes: readonly ContactScope[];
  readonly teamCount: number;
  /** [team, user] pairs. */
  readonly memberships: ReadonlyArray<readonly [number, number]>;
  /** Owner of each contact. */
  readonly contactOwners: readonly number[];
  /** [contact, user] pairs. */
  readonly shares: ReadonlyArray<readonly [number, number]>;
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    scopes: fc.array(fc.constantFrom(...CONTACT_SCOPES), { minLength: 1, maxLength: 6 }),
    teamCount: fc.integer({ min: 0, max: 3 }),
    contactCount: fc.integer({ min: 0, max: 12 }),
  })
  .chain(({ scopes, teamCount, contactCount }) => {
    const user = fc.integer({ min: 1, max: scopes.length });
    const pair = (max: number) => fc.tuple(fc.integer({ min: 1, max }), user);
    return fc.record({
      scopes: fc.constant(scopes),
      teamCount: fc.constant(teamCount),
      memberships: teamCount === 0 ? fc.constant([]) : fc.uniqueArray(pair(teamCount), { maxLength: 10, selector: (p) => p.join() }),
      contactOwners: fc.array(user, { minLength: contactCount, maxLength: contactCount }),
      shares: contactCount === 0 ? fc.constant([]) : fc.uniqueArray(pair(contactCount), { maxLength: 8, selector: (p) => p.join() }),
    });
  });

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function reset(db: Knex): Promise<void> {
  for (const table of ['contact_shares', 'contacts', 'team_memberships', 'teams', 'users', 'user_groups']) await db(table).delete();
}

async function insertWorld(db: Knex, w: World): Promise<void> {
  const now = '2026-01-01 00:00:00.000';
  await db('user_groups').insert({ id: 1, name: 'Alle', created_at: now, updated_at: now });
  await db('users').insert(w.scopes.map((scope, i) => ({
    id: i + 1, login: `u${i + 1}`, password_hash: 'x', display_name: `User ${i + 1}`, contact_scope: scope, group_id: 1,
    created_at: now, updated_at: now,
  })));
  if (w.teamCount > 0) await db('teams').insert(range(w.teamCount).map((id) => ({ id, name: `Team ${id}` })));
  if (w.memberships.length > 0) await db('team_memberships').insert(w.memberships.map(([team_id, user_id]) => ({ team_id, user_id })));
  if (w.contactOwners.length > 0) {
    await db('contacts').insert(w.contactOwners.map((owner_id, i) => ({ id: i + 1, last_name: `K${i + 1}`, owner_id, created_at: now, updated_at: now })));
  }
  if (w.shares.length > 0) await db('contact_shares').insert(w.shares.map(([contact_id, user_id]) => ({ contact_id, user_id })));
}

/** The viewer as the domain rule defines it, computed from the raw world (not through any adapter). */
function viewerOf(w: World, userId: number): Viewer {
  const myTeams = new Set(w.memberships.filter(([, u]) => u === userId).map(([t]) => t));
  const mates = new Set([userId, ...w.memberships.filter(([t]) => myTeams.has(t)).map(([, u]) => u)]);
  return { userId, scope: w.scopes[userId - 1]!, teamMateIds: mates };
}

function expectedVisible(w: World, userId: number): number[] {
  const viewer = viewerOf(w, userId);
  return w.contactOwners.flatMap((ownerId, i) => {
    const contactId = i + 1;
    const sharedWithUserIds = new Set(w.shares.filter(([c]) => c === contactId).map(([, u]) => u));
    return brokerStarContactVisibility.canSee(viewer, { ownerId, sharedWithUserIds }) ? [contactId] : [];
  });
}

forEachDatabase('contact visibility in SQL agrees with brokerStarContactVisibility', (db) => {
  it('for random users, scopes, teams, contacts and shares', async function () {
    this.timeout(60_000);
    const contacts = new KnexContactDirectory(db());
    let checkedUsers = 0;
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        await reset(db());
        await insertWorld(db(), world);
        for (const userId of range(world.scopes.length)) {
          const expected = expectedVisible(world, userId);
          expect(await contacts.visibleIds(userId), `visibleIds(${userId})`).to.deep.equal(expected);
          for (const contactId of range(world.contactOwners.length)) {
            expect(await contacts.isVisibleTo(userId, contactId), `isVisibleTo(${userId}, ${contactId})`)
              .to.equal(expected.includes(contactId));
          }
          checkedUsers += 1;
        }
      }),
      { numRuns: 25 },
    );
    expect(checkedUsers).to.be.greaterThan(0);
  });
});
