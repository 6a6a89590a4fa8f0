import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { BOOK, sync, syncBody } from '../http/reports/reportHelpers.ts';
import { cli } from './cliHarness.ts';

const DAVX5 = 'DAVx5/4.4.3-ose (at.bitfire.davdroid)';
const OUTLOOK = 'CalDavSynchronizer/4.6.0.0';

forEachDatabase('diagnose: devices seen', (db) => {
  const app = demoAppForSuite(db);

  /** Recording happens beside the request; wait until it is in the table. */
  async function settled(count: number): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const n = Number(((await db()('dav_devices').count({ n: '*' }).first()) as { n: unknown }).n);
      if (n >= count) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('lists each device a user synced from with its family, last request, last sync and token age', async () => {
    const first = await sync(app, BOOK(), '');
    expect((await dav(app, 'PROPFIND', BOOK(), { depth: '0', headers: { 'User-Agent': OUTLOOK } })).status).to.equal(207);
    expect((await dav(app, 'REPORT', BOOK(), { depth: '0', body: syncBody(first.token), headers: { 'User-Agent': DAVX5 } })).status).to.equal(207);
    await settled(3);
    const run = await cli(db(), 'diagnose', 'max.muster');
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.contain('Devices seen (any password):');
    expect(run.out).to.match(/outlook-caldav-synchronizer\s+last request \S+, last sync never — CalDavSynchronizer\/4\.6/);
    // The DAVx5 token names the address book's last change; its age comes from the journal (not kept in memory storage).
    expect(run.out).to.match(/davx5\s+last request \S+, last sync 20\d\d-\S+(, sync token -?\d+ min old)? — DAVx5\/4\.4\.3/);
    const json = JSON.parse((await cli(db(), 'diagnose', 'max.muster', '--json')).out) as { devicesSeen: Array<{ clientFamily: string; lastSync: string | null }> };
    // The test's own first sync (supertest's User-Agent) is a third device, of family "other".
    expect(json.devicesSeen.map((d) => d.clientFamily).sort()).to.deep.equal(['davx5', 'other', 'outlook-caldav-synchronizer']);
    expect(json.devicesSeen.find((d) => d.clientFamily === 'davx5')?.lastSync).to.be.a('string');
  });

  it('another user sees none of them', async () => {
    const run = await cli(db(), 'diagnose', 'sandra.keller');
    expect(run.out).to.contain('Devices seen (any password): none yet');
  });
});
