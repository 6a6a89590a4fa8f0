import { expect } from 'chai';
import type Koa from 'koa';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { carddav, dav as d } from '../../src/adapters/http/dav/xml/names.ts';

const DAVX5 = { 'User-Agent': 'DAVx5/4.4.3-ose (at.bitfire.davdroid)', 'Content-Type': 'application/xml; charset=UTF-8' };
const syncBody = (token: string) =>
  `<?xml version='1.0' encoding='UTF-8' ?><sync-collection xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav" xmlns:CARD="urn:ietf:params:xml:ns:carddav"><sync-token>${token}</sync-token><sync-level>1</sync-level><prop><getetag /><resourcetype /></prop></sync-collection>`;
const multiget = (hrefs: string[]) =>
  `<?xml version='1.0' encoding='UTF-8' ?><CARD:addressbook-multiget xmlns="DAV:" xmlns:CARD="urn:ietf:params:xml:ns:carddav"><prop><getcontenttype /><getetag /><CARD:address-data content-type="text/vcard" version="4.0" /></prop>${hrefs.map((h) => `<href>${h}</href>`).join('')}</CARD:addressbook-multiget>`;
const card4 = (uid: string, fn: string) => ['BEGIN:VCARD', 'VERSION:4.0', 'PRODID:ez-vcard 0.12.1', `UID:${uid}`, `FN:${fn}`, `N:${fn.split(' ')[1]};${fn.split(' ')[0]};;;`, 'TEL;TYPE=cell:+41 79 000 00 00', 'END:VCARD', ''].join('\r\n');

/** A DAVx5 device as a small state machine: local copy (href → etag), token, and its sync algorithm (docs/clients.md §3.2). */
class Davx5Device {
  token = '';
  readonly local = new Map<string, string>();
  constructor(private readonly app: Koa, readonly login: string) {}
  get book(): string {
    return `/dav/addressbooks/${this.login}/brokerstar/`;
  }

  async sync(): Promise<{ changed: string[]; removed: string[] }> {
    const res = await dav(this.app, 'REPORT', this.book, { as: this.login, depth: '0', body: syncBody(this.token), headers: DAVX5 });
    expect(res.status).to.equal(207);
    const ms = parseMultistatus(res.text);
    const changed = ms.responses.filter((r) => r.status === null && r.href !== this.book);
    const removed = ms.responses.filter((r) => r.status === 404).map((r) => r.href);
    const download = changed.filter((r) => this.local.get(r.href) !== prop(r, d('getetag'))?.text).map((r) => r.href);
    for (let i = 0; i < download.length; i += 10) {
      const batch = download.slice(i, i + 10);
      const got = await dav(this.app, 'REPORT', this.book, { as: this.login, depth: '0', body: multiget(batch), headers: DAVX5 });
      for (const r of parseMultistatus(got.text).responses) {
        const etag = prop(r, d('getetag'))?.text;
        expect(etag, 'DAVx5: "Server didn\'t provide ETag"').to.be.a('string');
        expect(prop(r, carddav('address-data'))?.text).to.contain('VERSION:4.0');
        this.local.set(r.href, etag!);
      }
    }
    for (const href of removed) this.local.delete(href);
    this.token = ms.syncToken!;
    return { changed: changed.map((r) => r.href), removed };
  }
}

forEachDatabase('DAVx5 two-way cycle', (db) => {
  const app = demoAppForSuite(db);

  it('sync-collection → PUT create/DELETE → sync again converges without duplicates', async () => {
    const phone = new Davx5Device(app, 'max.muster');
    await phone.sync();
    const initial = phone.local.size;
    expect(initial).to.be.greaterThan(5);

    const href = `${phone.book}davx5-new-1.vcf`;
    const put = await dav(app, 'PUT', href, { as: 'max.muster', body: card4('davx5-new-1', 'Nina Neu'), headers: { 'Content-Type': 'text/vcard;version=4.0', 'If-None-Match': '*' } });
    expect(put.status).to.equal(201);
    phone.local.set(href, put.headers.etag as string);

    const victim = [...phone.local.keys()].find((h) => h !== href)!;
    const del = await dav(app, 'DELETE', victim, { as: 'max.muster', headers: { 'If-Match': phone.local.get(victim)! } });
    expect(del.status).to.equal(204);
    phone.local.delete(victim);

    const next = await phone.sync();
    expect(next.removed).to.deep.equal([victim]);
    expect(phone.local.size).to.equal(initial);
    const again = await phone.sync();
    expect(again.changed).to.deep.equal([]);
    expect(again.removed).to.deep.equal([]);
  });

  it('a refused contact delete (anna: no delete right) is answered 403 need-privileges and restored at the next sync', async () => {
    const tablet = new Davx5Device(app, 'anna.beispiel');
    await tablet.sync();
    const [victim, etag] = [...tablet.local.entries()][0]!;
    const del = await dav(app, 'DELETE', victim, { as: 'anna.beispiel', headers: { 'If-Match': etag } });
    expect(del.status).to.equal(403);
    expect(del.text).to.contain('need-privileges');
    // DAVx5 drops its local deletion on a need-privileges 403 and must get the contact back.
    tablet.local.delete(victim);
    const next = await tablet.sync();
    expect(next.changed).to.include(victim);
    expect(tablet.local.has(victim)).to.equal(true);
  });
});
