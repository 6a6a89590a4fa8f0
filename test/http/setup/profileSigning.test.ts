import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parsePlist } from 'plist';
import { brokerStarDav } from '../../../src/index.ts';
import { createTestDatabase } from '../../support/databases.ts';
import { seedDemoData } from '../../support/davApp.ts';
import { csrfOf, getPage, postForm, setupHost } from './setupSupport.ts';

/** A throw-away signing certificate made with the system's openssl (as an administrator would). */
function makeCertificate(dir: string): { certificatePem: string; keyPem: string } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '2', '-subj', '/CN=BrokerStar Test Profile Signing'], { stdio: 'ignore' });
  return { certificatePem: readFileSync(join(dir, 'cert.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'key.pem'), 'utf8') };
}

describe('setup page: signed Apple profiles', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bsdav-sign-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('with a signing certificate the profile is CMS signed data that openssl verifies, holding the same plist', async () => {
    const signing = makeCertificate(dir);
    const db = await createTestDatabase('sqlite');
    await seedDemoData(db.knex);
    const { app, plugin } = await setupHost(db.knex, { appleProfileSigning: signing });
    try {
      const page = (await getPage(app)).text;
      expect(page).not.to.contain('id="profile-unsigned"');
      const res = await postForm(app, '/mobileconfig', { csrf: csrfOf(page), label: 'Signed iPhone' })
        .buffer(true).parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
      expect(res.status).to.equal(200);
      const der = res.body as Buffer;
      expect(der.subarray(0, 1)[0]).to.equal(0x30); // a DER SEQUENCE, not XML
      writeFileSync(join(dir, 'profile.der'), der);
      const content = execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', join(dir, 'profile.der'), '-CAfile', join(dir, 'cert.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
      const profile = parsePlist(content) as { PayloadContent: Array<Record<string, unknown>> };
      expect(profile.PayloadContent.map((p) => p.PayloadType)).to.deep.equal(['com.apple.carddav.account', 'com.apple.caldav.account']);
    } finally {
      await plugin.close();
      await db.destroy();
    }
  });

  it('unsigned by default, and the page says what iOS shows then', async () => {
    const db = await createTestDatabase('sqlite');
    await seedDemoData(db.knex);
    const { app, plugin } = await setupHost(db.knex);
    try {
      expect((await getPage(app)).text).to.contain('id="profile-unsigned"').and.contain('Nicht überprüft');
    } finally {
      await plugin.close();
      await db.destroy();
    }
  });

  it('a key that does not belong to the certificate stops the start (not a user\'s download)', async () => {
    const one = makeCertificate(dir);
    const other = makeCertificate(mkdtempSync(join(dir, 'other-')));
    const db = await createTestDatabase('sqlite');
    try {
      expect(() => brokerStarDav({ knex: db.knex, appleProfileSigning: { certificatePem: one.certificatePem, keyPem: other.keyPem } }))
        .to.throw(/does not belong to the certificate/);
    } finally {
      await db.destroy();
    }
  });
});
