import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { hrefsIn, parseMultistatus, prop } from '../support/multistatus.ts';
import { caldav, carddav, cs, dav as d } from '../../src/adapters/http/dav/xml/names.ts';

/**
 * Thunderbird (comm-central): the CalDAV provider's first PROPFIND on the calendar URL, and the
 * native CardDAV directory's first sync (Depth 1 listing, ONE multiget with every href) and a later
 * `sync-collection` with `address-data` inline (docs/clients.md §4).
 */
const TB = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0', 'Content-Type': 'text/xml; charset=utf-8' };

const CALENDAR_CHECK = `<?xml version="1.0" encoding="UTF-8"?>
<D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:resourcetype/>
    <D:owner/>
    <D:current-user-principal/>
    <D:current-user-privilege-set/>
    <D:supported-report-set/>
    <C:supported-calendar-component-set/>
    <CS:getctag/>
  </D:prop>
</D:propfind>`;
const NS = `xmlns="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/"`;
const CARD_LISTING = `<propfind ${NS}><prop><resourcetype/><getetag/><cs:getctag/></prop></propfind>`;
const SYNC_TOKEN = `<propfind ${NS}><prop><sync-token/></prop></propfind>`;
const CARD_MULTIGET = (hrefs: string[]) =>
  `<card:addressbook-multiget ${NS}><prop><getetag/><card:address-data/></prop>${hrefs.map((h) => `<href>${h}</href>`).join('')}</card:addressbook-multiget>`;
const CARD_SYNC = (token: string) =>
  `<sync-collection ${NS}><sync-token>${token}</sync-token><sync-level>1</sync-level><prop><getetag/><card:address-data/></prop></sync-collection>`;
const CAL_SYNC = (token: string) =>
  `<sync-collection xmlns="DAV:"><sync-token>${token}</sync-token><sync-level>1</sync-level><prop><getcontenttype/><getetag/></prop></sync-collection>`;
const CAL_MULTIGET = (hrefs: string[]) =>
  `<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>${hrefs.map((h) => `<D:href>${h}</D:href>`).join('')}</C:calendar-multiget>`;

const NEW_CARD = readFileSync(new URL('../fixtures/clients/thunderbird-contact-4.0.vcf', import.meta.url), 'utf8');

forEachDatabase('Thunderbird', (db) => {
  const app = demoAppForSuite(db);

  it('calendar: PROPFIND Depth 0 on the calendar URL shows a writable VEVENT calendar offering sync-collection', async () => {
    const calUrl = '/dav/calendars/max.muster/brokerstar/';
    const res = await dav(app, 'PROPFIND', calUrl, { depth: '0', body: CALENDAR_CHECK, headers: TB });
    expect(res.status).to.equal(207);
    const r = parseMultistatus(res.text).responses[0]!;
    expect(r.href).to.equal(calUrl);
    expect(prop(r, d('resourcetype'))!.children.map((c) => c.name)).to.include(caldav('calendar'));
    expect(hrefsIn(prop(r, d('owner')))).to.deep.equal(hrefsIn(prop(r, d('current-user-principal'))));
    const privileges = prop(r, d('current-user-privilege-set'))!.children.map((p) => p.children[0]!.local);
    expect(privileges.some((p) => ['write', 'write-content', 'write-properties', 'all'].includes(p!)), 'not read-only').to.equal(true);
    const reports = prop(r, d('supported-report-set'))!.children.map((sr) => sr.children[0]!.children[0]!.name);
    expect(reports).to.include(d('sync-collection'));
    expect(prop(r, caldav('supported-calendar-component-set'))!.children.map((c) => c.attributes.name)).to.deep.equal(['VEVENT']);
    expect(prop(r, cs('getctag'))?.text).to.match(/\S/);

    // With sync-collection offered, Thunderbird syncs with it only, then fetches by multiget.
    const sync = await dav(app, 'REPORT', calUrl, { depth: '1', body: CAL_SYNC(''), headers: TB });
    expect(sync.status).to.equal(207);
    const members = parseMultistatus(sync.text).responses.filter((m) => m.href !== calUrl);
    expect(members.length).to.be.greaterThan(0);
    const mget = await dav(app, 'REPORT', calUrl, { depth: '1', body: CAL_MULTIGET(members.map((m) => m.href)), headers: TB });
    const events = parseMultistatus(mget.text).responses;
    expect(events).to.have.length(members.length);
    for (const e of events) expect(prop(e, caldav('calendar-data'))?.text).to.contain('BEGIN:VEVENT');
  });

  it('contacts: Depth 1 listing, one multiget with every href, then sync-collection (Depth 1) with address-data inline', async () => {
    const bookUrl = '/dav/addressbooks/max.muster/brokerstar/';
    const listing = await dav(app, 'PROPFIND', bookUrl, { depth: '1', body: CARD_LISTING, headers: TB });
    expect(listing.status).to.equal(207);
    const ms = parseMultistatus(listing.text);
    expect(prop(ms.byHref.get(bookUrl), cs('getctag'))?.text).to.match(/\S/);
    const members = ms.responses.filter((r) => r.href !== bookUrl);
    expect(members.length).to.be.greaterThan(10);
    for (const m of members) expect(prop(m, d('getetag'))?.text).to.match(/^"[^"]+"$/);

    const mget = await dav(app, 'REPORT', bookUrl, { depth: '1', body: CARD_MULTIGET(members.map((m) => m.href)), headers: TB });
    expect(mget.status).to.equal(207);
    const cards = parseMultistatus(mget.text).responses;
    expect(cards.map((c) => c.href)).to.have.members(members.map((m) => m.href));
    for (const c of cards) expect(prop(c, carddav('address-data'))?.text).to.match(/^BEGIN:VCARD/);

    const tokenRes = await dav(app, 'PROPFIND', bookUrl, { depth: '0', body: SYNC_TOKEN, headers: TB });
    const token = prop(parseMultistatus(tokenRes.text).responses[0], d('sync-token'))!.text;

    // A card created in Thunderbird: vCard 4.0, PUT without If-Match, named <UID>.vcf.
    const href = `${bookUrl}d4f5e6a7-b8c9-4d0e-a1f2-b3c4d5e6f7a8.vcf`;
    const put = await dav(app, 'PUT', href, { body: NEW_CARD, headers: { ...TB, 'Content-Type': 'text/vcard; charset=utf-8' } });
    expect(put.status).to.equal(201);

    const sync = await dav(app, 'REPORT', bookUrl, { depth: '1', body: CARD_SYNC(token), headers: TB });
    expect(sync.status).to.equal(207);
    const changed = parseMultistatus(sync.text);
    expect(changed.syncToken).to.not.equal(token);
    const created = changed.byHref.get(href);
    expect(prop(created, d('getetag'))?.text).to.equal(put.headers.etag);
    expect(prop(created, carddav('address-data'))?.text).to.contain('Claire Dubois');
  });
});
