import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { dav as d } from '../../src/adapters/http/dav/xml/names.ts';

const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const VCF = { 'Content-Type': 'text/vcard; charset=utf-8' };
const sync = (token: string) => `<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;

/** One user with two devices (e.g. iPhone and DAVx5 on Android), and BrokerStar's web app racing a device. */
forEachDatabase('two devices and the BrokerStar web app', (db) => {
  const app = demoAppForSuite(db);

  async function collect(token: string, as = 'max.muster', book = BOOK) {
    const res = await dav(app, 'REPORT', book, { as, depth: '0', body: sync(token) });
    expect(res.status).to.equal(207);
    const ms = parseMultistatus(res.text);
    return { token: ms.syncToken!, changed: ms.responses.filter((r) => r.status === null).map((r) => ({ href: r.href, etag: prop(r, d('getetag'))!.text })), removed: ms.responses.filter((r) => r.status === 404).map((r) => r.href) };
  }

  it('device A edits a contact; device B and another user who sees it get exactly that change', async () => {
    const b0 = await collect('');
    const lisa0 = await collect('', 'lisa.admin', '/dav/addressbooks/lisa.admin/brokerstar/');
    const target = b0.changed[0]!;
    const body = (await dav(app, 'GET', target.href)).text.replace(/^FN:.*$/m, 'FN:Geändert von Gerät A').replace(/^NOTE:.*$/m, '') .replace('END:VCARD', 'NOTE:vom iPhone\r\nEND:VCARD');
    const put = await dav(app, 'PUT', target.href, { body, headers: { ...VCF, 'If-Match': target.etag } });
    expect(put.status).to.equal(204);
    const b1 = await collect(b0.token);
    expect(b1.changed.map((c) => c.href)).to.deep.equal([target.href]);
    expect(b1.changed[0]!.etag).to.equal(put.headers.etag);
    expect(b1.removed).to.deep.equal([]);
    const lisa1 = await collect(lisa0.token, 'lisa.admin', '/dav/addressbooks/lisa.admin/brokerstar/');
    expect(lisa1.changed.map((c) => c.href)).to.deep.equal([target.href.replace('max.muster', 'lisa.admin')]);
    expect((await collect(b1.token)).changed, 'nothing more').to.deep.equal([]);
  });

  it('device A changes only what BrokerStar has no field for (an X- property): device B and another user still get the new version', async () => {
    const b0 = await collect('');
    const lisa0 = await collect('', 'lisa.admin', '/dav/addressbooks/lisa.admin/brokerstar/');
    const target = b0.changed[2]!;
    const body = (await dav(app, 'GET', target.href)).text.replace('END:VCARD', 'X-ANNIVERSARY:2019-06-01\r\nEND:VCARD');
    const put = await dav(app, 'PUT', target.href, { body, headers: { ...VCF, 'If-Match': target.etag } });
    expect(put.status).to.equal(204);
    const b1 = await collect(b0.token);
    expect(b1.changed).to.deep.equal([{ href: target.href, etag: put.headers.etag }]);
    expect((await dav(app, 'GET', target.href)).text).to.contain('X-ANNIVERSARY:2019-06-01');
    const lisa1 = await collect(lisa0.token, 'lisa.admin', '/dav/addressbooks/lisa.admin/brokerstar/');
    const lisaHref = target.href.replace('max.muster', 'lisa.admin');
    expect(lisa1.changed.map((c) => c.href)).to.deep.equal([lisaHref]);
    expect((await dav(app, 'GET', lisaHref, { as: 'lisa.admin' })).text).to.contain('X-ANNIVERSARY:2019-06-01');
  });

  it('a BrokerStar-side edit racing a device edit: the device gets 412, nothing is overwritten', async () => {
    const { changed } = await collect('');
    const target = changed[1]!;
    const id = Number(/brokerstar-contact-(\d+)\.vcf$/.exec(target.href)![1]);
    const body = (await dav(app, 'GET', target.href)).text;
    await db()('contacts').where({ id }).update({ last_name: 'Webapp-Änderung' });
    const put = await dav(app, 'PUT', target.href, { body: body.replace(/^FN:.*$/m, 'FN:Gerät'), headers: { ...VCF, 'If-Match': target.etag } });
    expect(put.status).to.equal(412);
    expect((await db()('contacts').where({ id }).first()).last_name).to.equal('Webapp-Änderung');
    const fresh = await dav(app, 'GET', target.href);
    expect(fresh.text).to.contain('Webapp-Änderung');
    expect(fresh.headers.etag).to.not.equal(target.etag);
  });

  it('two clients writing the same object with the same ETag: one wins, the other gets 412', async () => {
    const { changed } = await collect('');
    const target = changed[2]!;
    const body = (await dav(app, 'GET', target.href)).text;
    const results = await Promise.all(['Erster', 'Zweiter'].map((who) =>
      dav(app, 'PUT', target.href, { body: body.replace(/^FN:.*$/m, `FN:${who}`), headers: { ...VCF, 'If-Match': target.etag } })));
    expect(results.map((r) => r.status).sort()).to.deep.equal([204, 412]);
    const winner = results.find((r) => r.status === 204)!;
    expect((await dav(app, 'GET', target.href)).headers.etag).to.equal(winner.headers.etag);
  });

  it('devices creating the same UID at once, over the tombstone of a deleted card: one 201, the others a UID conflict, never a 5xx', async () => {
    // The create's INSERT fails on the tombstone and takes the path that clears it; concurrent ones must still end in exactly one card.
    const uid = `race-${Date.now()}`;
    const card = (n: number) => ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `FN:Wettlauf ${n}`, `N:Wettlauf;${n};;;`, 'END:VCARD', ''].join('\r\n');
    expect((await dav(app, 'PUT', `${BOOK}${uid}-first.vcf`, { body: card(0), headers: { ...VCF, 'If-None-Match': '*' } })).status).to.equal(201);
    expect((await dav(app, 'DELETE', `${BOOK}${uid}-first.vcf`)).status).to.equal(204);
    const results = await Promise.all([1, 2, 3, 4].map((n) =>
      dav(app, 'PUT', `${BOOK}${uid}-${n}.vcf`, { body: card(n), headers: { ...VCF, 'If-None-Match': '*' } })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, results.map((r) => r.text).join('\n')).to.deep.equal([201, 409, 409, 409]);
    for (const refused of results.filter((r) => r.status === 409)) expect(refused.text).to.contain('no-uid-conflict');
    const { changed } = await collect('');
    expect(changed.filter((c) => c.href.startsWith(`${BOOK}${uid}`))).to.have.length(1);
  });
});
