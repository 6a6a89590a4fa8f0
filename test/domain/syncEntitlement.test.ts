import { expect } from 'chai';
import { decideAccountSync, decideKindSync, syncableKinds, type SyncKind } from '../../src/domain/index.ts';
import { aUser } from './userMother.ts';

describe('sync entitlement (mailing module, account, group flags)', () => {
  const table: Array<{ case: string; user: ReturnType<typeof aUser>; kind: SyncKind; allowed: boolean; reason?: string }> = [
    { case: 'everything on', user: aUser(), kind: 'contacts', allowed: true },
    { case: 'everything on', user: aUser(), kind: 'calendar', allowed: true },
    { case: 'everything on', user: aUser(), kind: 'tasks', allowed: true },
    { case: 'account inactive', user: aUser({ active: false }), kind: 'contacts', allowed: false, reason: 'account-inactive' },
    { case: 'inactive beats module off', user: aUser({ active: false, mailingModuleEnabled: false }), kind: 'tasks', allowed: false, reason: 'account-inactive' },
    { case: 'mailing module not enabled', user: aUser({ mailingModuleEnabled: false }), kind: 'calendar', allowed: false, reason: 'mailing-module-disabled' },
    { case: 'module off beats group flag', user: aUser({ mailingModuleEnabled: false, group: { syncContacts: false } }), kind: 'contacts', allowed: false, reason: 'mailing-module-disabled' },
    { case: '"sync contacts" off', user: aUser({ group: { syncContacts: false } }), kind: 'contacts', allowed: false, reason: 'group-flag-off' },
    { case: '"sync contacts" off leaves calendar', user: aUser({ group: { syncContacts: false } }), kind: 'calendar', allowed: true },
    { case: '"sync calendar" off', user: aUser({ group: { syncCalendar: false } }), kind: 'calendar', allowed: false, reason: 'group-flag-off' },
    { case: '"sync calendar" off leaves tasks', user: aUser({ group: { syncCalendar: false } }), kind: 'tasks', allowed: true },
    { case: '"sync tasks" off', user: aUser({ group: { syncTasks: false } }), kind: 'tasks', allowed: false, reason: 'group-flag-off' },
  ];
  for (const row of table) {
    it(`${row.case}: ${row.kind} → ${row.allowed ? 'allowed' : row.reason}`, () => {
      const decision = decideKindSync(row.user, row.kind);
      expect(decision.allowed).to.equal(row.allowed);
      if (!decision.allowed) {
        expect(decision.reason).to.equal(row.reason);
        expect(decision.explanation).to.be.a('string').and.not.equal('');
      }
    });
  }

  it('the account decision explains the mailing module in words an admin understands', () => {
    const d = decideAccountSync(aUser({ login: 'peter.ohne', mailingModuleEnabled: false }));
    expect(d.allowed).to.equal(false);
    if (!d.allowed) expect(d.explanation).to.match(/mailing module/).and.match(/peter\.ohne/);
  });

  it('lists the kinds a user may sync, in a stable order', () => {
    expect(syncableKinds(aUser())).to.deep.equal(['contacts', 'calendar', 'tasks']);
    expect(syncableKinds(aUser({ group: { syncCalendar: false } }))).to.deep.equal(['contacts', 'tasks']);
    expect(syncableKinds(aUser({ mailingModuleEnabled: false }))).to.deep.equal([]);
  });
});
