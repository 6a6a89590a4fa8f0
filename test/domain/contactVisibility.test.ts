import { expect } from 'chai';
import { brokerStarContactVisibility, isAssignedTo, type ContactScope } from '../../src/domain/index.ts';

describe('contact visibility (BrokerStar rule)', () => {
  // Viewer 1 is in a team with user 2; user 3 is a stranger.
  const viewer = (scope: ContactScope) => ({ userId: 1, scope, teamMateIds: new Set([1, 2]) });
  const contact = (ownerId: number, sharedWith: number[] = []) => ({ ownerId, sharedWithUserIds: new Set(sharedWith) });

  const table: Array<[ContactScope, string, ReturnType<typeof contact>, boolean]> = [
    ['ALL', 'own contact', contact(1), true],
    ['ALL', "team mate's contact", contact(2), true],
    ['ALL', "stranger's contact", contact(3), true],
    ['TEAM', 'own contact', contact(1), true],
    ['TEAM', "team mate's contact", contact(2), true],
    ['TEAM', "stranger's contact", contact(3), false],
    ['TEAM', "stranger's contact shared with the viewer", contact(3, [1]), true],
    ['TEAM', "stranger's contact shared with someone else", contact(3, [2]), false],
    ['OWN', 'own contact', contact(1), true],
    ['OWN', "team mate's contact", contact(2), false],
    ['OWN', "stranger's contact", contact(3), false],
    ['OWN', "team mate's contact shared with the viewer", contact(2, [1]), true],
  ];
  for (const [scope, what, c, visible] of table) {
    it(`scope ${scope}: ${what} → ${visible ? 'visible' : 'hidden'}`, () => {
      expect(brokerStarContactVisibility.canSee(viewer(scope), c)).to.equal(visible);
    });
  }

  it('appointments and tasks are visible to exactly their assignees', () => {
    expect(isAssignedTo(1, [1, 2])).to.equal(true);
    expect(isAssignedTo(2, [1, 2])).to.equal(true);
    expect(isAssignedTo(3, [1, 2])).to.equal(false);
    expect(isAssignedTo(1, [])).to.equal(false);
  });
});
