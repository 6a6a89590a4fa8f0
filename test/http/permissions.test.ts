import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';

/**
 * Who may read which collection, as the customer guide's "Berechtigungen" section describes it:
 * the mailing module gates everything (peter.ohne), the group's sync flags gate each kind
 * (Assistenz: no calendar). One row per user × collection × method; the collection is the user's own.
 */
type Kind = 'contacts' | 'calendar' | 'tasks';
const COLLECTION: Record<Kind, (login: string) => string> = {
  contacts: (l) => `/dav/addressbooks/${l}/brokerstar/`,
  calendar: (l) => `/dav/calendars/${l}/brokerstar/`,
  tasks: (l) => `/dav/calendars/${l}/brokerstar-tasks/`,
};
const BODY = {
  PROPFIND: '<propfind xmlns="DAV:"><prop><displayname/><sync-token/></prop></propfind>',
  REPORT: '<sync-collection xmlns="DAV:"><sync-token/><sync-level>1</sync-level><prop><getetag/></prop></sync-collection>',
} as const;

//            user            kind        PROPFIND REPORT
const MATRIX: ReadonlyArray<readonly [string, Kind, number, number]> = [
  ['max.muster',    'contacts', 207, 207],
  ['max.muster',    'calendar', 207, 207],
  ['max.muster',    'tasks',    207, 207],
  ['lisa.admin',    'contacts', 207, 207],
  ['lisa.admin',    'calendar', 207, 207],
  ['lisa.admin',    'tasks',    207, 207],
  ['anna.beispiel', 'contacts', 207, 207],
  ['anna.beispiel', 'calendar', 403, 403], // group Assistenz: "Kalender synchronisieren" off
  ['anna.beispiel', 'tasks',    207, 207],
  ['peter.ohne',    'contacts', 403, 403], // mailing module off
  ['peter.ohne',    'calendar', 403, 403],
  ['peter.ohne',    'tasks',    403, 403],
];

forEachDatabase('Permission matrix (user × collection × method)', (db) => {
  const app = demoAppForSuite(db);

  for (const [user, kind, propfind, report] of MATRIX) {
    it(`${user} on ${kind}: PROPFIND → ${propfind}, REPORT sync-collection → ${report}`, async () => {
      const url = COLLECTION[kind](user);
      const p = await dav(app, 'PROPFIND', url, { as: user, depth: '0', body: BODY.PROPFIND });
      expect(p.status, 'PROPFIND').to.equal(propfind);
      const r = await dav(app, 'REPORT', url, { as: user, depth: '1', body: BODY.REPORT });
      expect(r.status, 'REPORT').to.equal(report);
      for (const res of [p, r]) {
        if (res.status === 403) {
          // Not 401: the password is right, a new one would not help. DAVx5 needs need-privileges.
          expect(res.headers['www-authenticate']).to.equal(undefined);
          expect(res.text).to.match(/need-privileges|mailing/i);
        }
      }
    });
  }

  it('the homes list only what the group allows: anna sees the task list but no calendar', async () => {
    const res = await dav(app, 'PROPFIND', '/dav/calendars/anna.beispiel/', { as: 'anna.beispiel', depth: '1', body: BODY.PROPFIND });
    expect(res.status).to.equal(207);
    expect(res.text).to.contain('/dav/calendars/anna.beispiel/brokerstar-tasks/').and.not.contain('/dav/calendars/anna.beispiel/brokerstar/<');
  });
});
