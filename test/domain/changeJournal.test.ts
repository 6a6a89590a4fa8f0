import { expect } from 'chai';
import { isOwnWriteOnly, MAX_OWN_WRITE_ENTRIES, planRefresh, type JournalEntry, type SyncKind } from '../../src/domain/index.ts';

const e = (entity: JournalEntry['entity'], entityId: number, relatedId: number | null = null, seq = 1): JournalEntry => ({ seq, entity, entityId, relatedId });
const owner = { userId: 1, scope: 'TEAM' as const, teamIds: [10] };

describe('planning a collection refresh from the change journal', () => {
  const table: Array<[string, SyncKind, JournalEntry[], boolean, number[]]> = [
    ['a contact changed', 'contacts', [e('contact', 5)], false, [5]],
    ['a contact shared with this user', 'contacts', [e('contact_share', 5, 1)], false, [5]],
    ['a contact shared with someone else', 'contacts', [e('contact_share', 5, 2)], false, []],
    ["this user's scope or group changed", 'contacts', [e('user', 1)], true, []],
    ["another user's scope changed", 'contacts', [e('user', 2)], false, []],
    ['this user joined or left a team', 'contacts', [e('team_membership', 99, 1)], true, []],
    ["someone joined this user's team", 'contacts', [e('team_membership', 10, 2)], true, []],
    ['someone joined another team', 'contacts', [e('team_membership', 11, 2)], false, []],
    ['appointments do not concern the address book', 'contacts', [e('appointment', 3)], false, []],
    ['an appointment changed', 'calendar', [e('appointment', 3)], false, [3]],
    ['an appointment assigned to this user', 'calendar', [e('appointment_assignee', 3, 1)], false, [3]],
    ['an appointment assigned to someone else', 'calendar', [e('appointment_assignee', 3, 2)], false, []],
    ['team changes do not concern the calendar', 'calendar', [e('team_membership', 10, 2)], false, []],
    ['a task changed and one was assigned', 'tasks', [e('task', 4), e('task_assignee', 6, 1)], false, [4, 6]],
  ];
  for (const [what, kind, entries, full, ids] of table) {
    it(`${kind}: ${what}`, () => {
      const plan = planRefresh(kind, owner, entries);
      expect(plan.fullRescan).to.equal(full);
      expect([...plan.objectIds].sort()).to.deep.equal(ids);
    });
  }

  it('team membership changes matter to a TEAM-scope user only', () => {
    expect(planRefresh('contacts', { ...owner, scope: 'ALL' }, [e('team_membership', 10, 2)]).fullRescan).to.equal(false);
    expect(planRefresh('contacts', { ...owner, scope: 'OWN' }, [e('team_membership', 10, 2)]).fullRescan).to.equal(false);
  });
});

describe('isOwnWriteOnly: a device write may take its own change in', () => {
  const entry = (seq: number, entity: JournalEntry['entity'], entityId: number, relatedId: number | null = null): JournalEntry => ({ seq, entity, entityId, relatedId });

  it('accepts entries without a gap after the collection, all about the written object', () => {
    expect(isOwnWriteOnly('contacts', [entry(11, 'contact', 5), entry(12, 'contact', 5)], 10, 5)).to.equal(true);
    expect(isOwnWriteOnly('calendar', [entry(11, 'appointment', 5), entry(12, 'appointment_assignee', 5, 3)], 10, 5)).to.equal(true);
  });

  it('refuses a gap (another commit the writer cannot see), another object, another kind\'s entity, or nothing at all', () => {
    expect(isOwnWriteOnly('contacts', [entry(12, 'contact', 5)], 10, 5), 'gap').to.equal(false);
    expect(isOwnWriteOnly('contacts', [entry(11, 'contact', 6), entry(12, 'contact', 5)], 10, 5), 'other object').to.equal(false);
    expect(isOwnWriteOnly('contacts', [entry(11, 'user', 5)], 10, 5), 'user entry').to.equal(false);
    expect(isOwnWriteOnly('calendar', [entry(11, 'contact', 5)], 10, 5), 'a customer change').to.equal(false);
    expect(isOwnWriteOnly('contacts', [], 10, 5), 'nothing').to.equal(false);
    expect(isOwnWriteOnly('contacts', Array.from({ length: MAX_OWN_WRITE_ENTRIES + 1 }, (_, i) => entry(11 + i, 'contact', 5)), 10, 5), 'too many').to.equal(false);
  });
});
