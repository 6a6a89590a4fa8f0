import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareStandaloneDatabase, uninstallPlugin } from '../../src/adapters/knex/install/install.ts';
import { CrmSchema } from '../../src/adapters/knex/schema/crmSchema.ts';
import { createTestDatabase, testDatabaseNames } from '../support/databases.ts';

/**
 * A database made by the stand-alone server or the command line carries the reference CRM schema; a
 * command run on it after `uninstall` installs the plugin again by itself (the README's rehearsal of
 * `install` does exactly that). It must say so, not spoil the rehearsal silently.
 */
describe('stand-alone database: the plugin installed again over the reference CRM tables is reported', function () {
  this.timeout(60_000);

  for (const name of testDatabaseNames()) {
    it(`[${name}] reported after uninstall, not on a new database and not when nothing was missing`, async () => {
      const db = await createTestDatabase(name, { migrated: false });
      const heard: Array<readonly string[]> = [];
      const prepare = () => prepareStandaloneDatabase(db.knex, CrmSchema.reference, { installOnHost: false, onPluginInstalledOverCrm: (m) => heard.push(m) });
      try {
        expect(await prepare()).to.equal('reference');
        expect(heard, 'a new database: CRM and plugin created together').to.deep.equal([]);
        await prepare();
        expect(heard, 'nothing missing').to.deep.equal([]);
        await uninstallPlugin(db.knex);
        await prepare();
        expect(heard).to.have.length(1);
        expect(heard[0]!.length).to.be.greaterThan(0);
        expect(await db.knex.schema.hasTable('dav_objects')).to.equal(true);
      } finally {
        await db.destroy();
      }
    });
  }

  it('the command line says it on standard error (a real process, SQLite file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bsdav-reinstall-'));
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--database', `sqlite:${join(dir, 'probe.sqlite')}`], {
      env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 60_000,
    });
    try {
      const created = run('group', 'create', 'Probe', '--sync-contacts');
      expect(created.status, created.stderr).to.equal(0);
      expect(created.stderr).to.not.contain('Note:');
      expect(run('uninstall').status).to.equal(0);
      const listed = run('user', 'list');
      expect(listed.status, listed.stderr).to.equal(0);
      expect(listed.stderr).to.match(/^Note: this database holds the reference CRM schema without the plugin's current tables .*installed them first, as `install` does \(\d+ migrations\)\.$/m);
      const again = run('user', 'list');
      expect(again.stderr).to.not.contain('Note:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
