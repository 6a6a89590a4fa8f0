import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, seedDemoData } from '../support/davApp.ts';
import { propfindAs } from '../http/setup/setupSupport.ts';
import { cli } from './cliHarness.ts';

forEachDatabase('cli: app-password', (db) => {
  before(() => seedDemoData(db()));

  it('create prints the password alone on its last line; it logs in; list shows it; revoke ends it', async () => {
    const { app, close } = await createDavApp(db());
    try {
      const created = await cli(db(), 'app-password', 'create', 'Max.Muster', '--label', 'Outlook Büro');
      expect(created.code, created.err).to.equal(0);
      const password = created.out.split('\n').at(-1)!;
      expect(password).to.match(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){5}$/);
      expect((await propfindAs(app, 'max.muster', password, 'Mozilla/5.0 (compatible; CalDavSynchronizer/4.4.4)')).status).to.equal(207);

      const listed = await cli(db(), 'app-password', 'list', 'max.muster');
      expect(listed.code).to.equal(0);
      expect(listed.out).to.contain('Outlook Büro');
      expect(listed.out).not.to.contain(password);
      const json = JSON.parse((await cli(db(), 'app-password', 'list', 'max.muster', '--json')).out) as Array<{ label: string; lastUsedAt: string | null }>;
      expect(json.map((p) => p.label)).to.deep.equal(['Outlook Büro']);
      expect(json[0]!.lastUsedAt).to.be.a('string');

      const diagnosis = await cli(db(), 'diagnose', 'max.muster');
      expect(diagnosis.out).to.match(/Devices \(app passwords\):\n  Outlook Büro — created 2026-03-18T10:00:00Z, last used \d{4}-\d\d-\d\dT[\d:]+Z \(outlook-caldav-synchronizer\)/);

      const revoked = await cli(db(), 'app-password', 'revoke', 'max.muster', 'Outlook', 'Büro');
      expect(revoked.code, revoked.err).to.equal(0);
      expect((await propfindAs(app, 'max.muster', password)).status).to.equal(401);
      expect((await cli(db(), 'app-password', 'list', 'max.muster')).out).to.contain('has no app passwords');
    } finally {
      await close();
    }
  });

  it('refuses what it cannot do, with a message and exit code 1', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['app-password', 'create', 'max.muster'], /Missing --label/],
      [['app-password', 'create', 'nobody.here', '--label', 'x'], /Unknown user/],
      [['app-password', 'revoke', 'max.muster', 'Gibt es nicht'], /no app password "Gibt es nicht"/],
      [['app-password', 'rotate', 'max.muster'], /Unknown app-password command/],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(db(), ...argv);
      expect(run.code, argv.join(' ')).to.equal(1);
      expect(run.err).to.match(message);
    }
    await cli(db(), 'app-password', 'create', 'anna.beispiel', '--label', 'Handy');
    const dup = await cli(db(), 'app-password', 'create', 'anna.beispiel', '--label', 'Handy');
    expect(dup.code).to.equal(1);
    expect(dup.err).to.contain('already an app password named "Handy"');
  });
});
