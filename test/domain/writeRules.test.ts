import { expect } from 'chai';
import {
  decideAssignedItemDelete,
  decideContactCreate,
  decideContactDelete,
  decideContactEdit,
  normalizeTaskCompletion,
  ownershipOfDeviceCreation,
  type TaskFields,
} from '../../src/domain/index.ts';
import { aUser } from './userMother.ts';

describe('write rules for device writes', () => {
  it('what a device creates is owned by and assigned to its user', () => {
    expect(ownershipOfDeviceCreation(aUser({ id: 42 }))).to.deep.equal({ ownerId: 42, assigneeIds: [42] });
  });

  const editTable: Array<[string, boolean, boolean]> = [
    ['may edit contacts', true, true],
    ['may not edit contacts', false, false],
  ];
  for (const [what, right, allowed] of editTable) {
    it(`contact edit and create when the group ${what}`, () => {
      const user = aUser({ group: { mayEditContacts: right } });
      expect(decideContactEdit(user).allowed).to.equal(allowed);
      expect(decideContactCreate(user).allowed).to.equal(allowed);
    });
  }

  const deleteTable: Array<[string, boolean, 'delete' | 'forbidden']> = [
    ['explicitly may delete contacts', true, 'delete'],
    ['may not delete contacts (Assistenz)', false, 'forbidden'],
  ];
  for (const [what, right, outcome] of deleteTable) {
    it(`contact delete when the group ${what} → ${outcome}`, () => {
      const decision = decideContactDelete(aUser({ group: { mayDeleteContacts: right, mayEditContacts: true } }));
      expect(decision.kind).to.equal(outcome);
      if (decision.kind === 'forbidden') expect(decision.explanation).to.match(/stays in BrokerStar/);
    });
  }

  const assignedTable: Array<[string, number, number[], ReturnType<typeof decideAssignedItemDelete>]> = [
    ['the only assignee', 1, [1], { kind: 'delete' }],
    ['one of several assignees', 1, [1, 2, 3], { kind: 'unassign', remainingAssigneeIds: [2, 3] }],
    ['the last of two', 2, [1, 2], { kind: 'unassign', remainingAssigneeIds: [1] }],
    ['not assigned at all', 4, [1, 2], { kind: 'not-assigned' }],
  ];
  for (const [who, userId, assignees, expected] of assignedTable) {
    it(`deleting an appointment/task as ${who}`, () => {
      expect(decideAssignedItemDelete(userId, assignees)).to.deep.equal(expected);
    });
  }

  it('keeps task status, percentage and completion consistent', () => {
    const now = new Date('2026-11-28T10:00:00Z');
    const base: TaskFields = { title: 'x', description: null, due: null, dueAllDay: false, status: 'open', priority: 'normal', percentComplete: 40, completedAt: now, contactId: null };
    expect(normalizeTaskCompletion({ ...base, status: 'done', completedAt: null }, now)).to.include({ percentComplete: 100, completedAt: now });
    expect(normalizeTaskCompletion(base, now)).to.include({ percentComplete: 40, completedAt: null });
    expect(normalizeTaskCompletion({ ...base, percentComplete: 100 }, now).percentComplete).to.equal(99);
  });
});
