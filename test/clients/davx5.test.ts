import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { hrefsIn, parseMultistatus, prop, type ParsedResponse } from '../support/multistatus.ts';
import { caldav, carddav, cs, dav as d, ical } from '../../src/adapters/http/dav/xml/names.ts';

/**
 * DAVx5 (dav4jvm) with base URL `https://host/`, replayed in the order of docs/clients.md §5.4. Bodies
 * are serialised the way KXmlSerializer does: default namespace `DAV:`, prefixes `CAL`/`CARD`, and
 * generated prefixes (`n0`, `n1`) for Apple and CalendarServer names.
 */
const DAVX5 = { 'User-Agent': 'DAVx5/4.4.3-ose (at.bitfire.davdroid)', 'Content-Type': 'application/xml; charset=UTF-8', Accept: 'application/xml, text/xml' };
const HEAD = `<?xml version='1.0' encoding='UTF-8' ?>`;
const NS = `xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav" xmlns:CARD="urn:ietf:params:xml:ns:carddav"`;

const ROOT_CARDDAV = `${HEAD}<propfind ${NS}><prop><resourcetype /><displayname /><current-user-principal /><CARD:addressbook-home-set /><CARD:addressbook-description /></prop></propfind>`;
const ROOT_CALDAV = `${HEAD}<propfind ${NS} xmlns:n0="http://apple.com/ns/ical/"><prop><resourcetype /><displayname /><current-user-principal /><current-user-privilege-set /><CAL:calendar-home-set /><CAL:supported-calendar-component-set /><n0:calendar-color /><CAL:calendar-description /><CAL:calendar-timezone /></prop></propfind>`;
const CUP = `${HEAD}<propfind ${NS}><prop><current-user-principal /></prop></propfind>`;
const CUAS = `${HEAD}<propfind ${NS}><prop><CAL:calendar-user-address-set /></prop></propfind>`;
const SERVICE_CALDAV = `${HEAD}<propfind ${NS} xmlns:n0="http://calendarserver.org/ns/"><prop><displayname /><group-membership /><resourcetype /><CAL:calendar-home-set /><n0:calendar-proxy-read-for /><n0:calendar-proxy-write-for /></prop></propfind>`;
const SERVICE_CARDDAV = `${HEAD}<propfind ${NS}><prop><displayname /><group-membership /><resourcetype /><CARD:addressbook-home-set /></prop></propfind>`;
const HOME_CALDAV = `${HEAD}<propfind ${NS} xmlns:n0="https://bitfire.at/webdav-push" xmlns:n1="http://apple.com/ns/ical/" xmlns:n2="http://calendarserver.org/ns/"><prop><current-user-privilege-set /><displayname /><owner /><resourcetype /><n0:transports /><n0:topic /><n1:calendar-color /><CAL:calendar-description /><CAL:calendar-timezone /><CAL:calendar-timezone-id /><CAL:supported-calendar-component-set /><n2:source /></prop></propfind>`;
const HOME_CARDDAV = `${HEAD}<propfind ${NS} xmlns:n0="https://bitfire.at/webdav-push"><prop><current-user-privilege-set /><displayname /><owner /><resourcetype /><n0:transports /><n0:topic /><CARD:addressbook-description /></prop></propfind>`;
const OWNER = `${HEAD}<propfind ${NS}><prop><displayname /><resourcetype /></prop></propfind>`;
const CAPABILITIES = `${HEAD}<propfind ${NS} xmlns:n0="http://calendarserver.org/ns/"><prop><supported-report-set /><sync-token /><n0:getctag /><CAL:max-resource-size /><CARD:max-resource-size /><CARD:supported-address-data /></prop></propfind>`;
const SYNC_CONTACTS = `${HEAD}<sync-collection ${NS}><sync-token /><sync-level>1</sync-level><prop><getetag /><resourcetype /></prop></sync-collection>`;
const EVENTS_QUERY = (start: string) =>
  `${HEAD}<CAL:calendar-query ${NS}><prop><getetag /></prop><CAL:filter><CAL:comp-filter name="VCALENDAR"><CAL:comp-filter name="VEVENT"><CAL:time-range start="${start}" /></CAL:comp-filter></CAL:comp-filter></CAL:filter></CAL:calendar-query>`;
const TASKS_QUERY = `${HEAD}<CAL:calendar-query ${NS}><prop><getetag /></prop><CAL:filter><CAL:comp-filter name="VCALENDAR"><CAL:comp-filter name="VTODO" /></CAL:comp-filter></CAL:filter></CAL:calendar-query>`;
const CAL_MULTIGET = (hrefs: string[]) =>
  `${HEAD}<CAL:calendar-multiget ${NS}><prop><getcontenttype /><getetag /><CAL:schedule-tag /><CAL:calendar-data /></prop>${hrefs.map((h) => `<href>${h}</href>`).join('')}</CAL:calendar-multiget>`;
const CARD_MULTIGET = (hrefs: string[]) =>
  `${HEAD}<CARD:addressbook-multiget ${NS}><prop><getcontenttype /><getetag /><CARD:address-data content-type="text/vcard" version="4.0" /></prop>${hrefs.map((h) => `<href>${h}</href>`).join('')}</CARD:addressbook-multiget>`;

/** `MULTIGET_BATCH_SIZE` in DAVx5's SyncManager. */
const BATCH = 10;

const first = (text: string): ParsedResponse => parseMultistatus(text).responses[0]!;
const davTokens = (header: unknown) => String(header ?? '').split(',').map((t) => t.trim());

forEachDatabase('DAVx5', (db) => {
  const app = demoAppForSuite(db);

  /** dav4jvm follows 301/302/307/308 itself, up to 5 times. */
  async function followed(path: string, body: string) {
    let url = path;
    for (let hop = 0; hop < 5; hop++) {
      const res = await dav(app, 'PROPFIND', url, { depth: '0', body, headers: DAVX5 });
      if (![301, 302, 307, 308].includes(res.status)) return res;
      url = new URL(res.headers.location!, 'http://brokerstar.test').pathname;
    }
    throw new Error('redirect loop');
  }

  async function optionsOn(principal: string, feature: string) {
    const res = await dav(app, 'OPTIONS', principal, { headers: { ...DAVX5, 'Content-Length': '0', 'Accept-Encoding': 'identity' } });
    expect(res.status).to.equal(200);
    expect(davTokens(res.headers.dav)).to.include(feature);
  }

  it('discovery: CardDAV then CalDAV from the bare host, principal, homes with collection properties, owner', async () => {
    // 1–2: CardDAV properties on "/", revealing the principal.
    const rootCard = await dav(app, 'PROPFIND', '/', { depth: '0', body: ROOT_CARDDAV, headers: DAVX5 });
    expect(rootCard.status).to.equal(207);
    const principal = hrefsIn(prop(first(rootCard.text), d('current-user-principal')))[0]!;
    expect(principal).to.equal('/dav/principals/max.muster/');
    await optionsOn(principal, 'addressbook');
    // 3–4: the well-known URL with current-user-principal, following the redirect.
    const wkCard = await followed('/.well-known/carddav', CUP);
    expect(wkCard.status).to.equal(207);
    expect(hrefsIn(prop(first(wkCard.text), d('current-user-principal')))).to.deep.equal([principal]);
    await optionsOn(principal, 'addressbook');
    // 5–7: the same for CalDAV.
    const rootCal = await dav(app, 'PROPFIND', '/', { depth: '0', body: ROOT_CALDAV, headers: DAVX5 });
    expect(rootCal.status).to.equal(207);
    expect(hrefsIn(prop(first(rootCal.text), d('current-user-principal')))).to.deep.equal([principal]);
    const wkCal = await followed('/.well-known/caldav', CUP);
    expect(hrefsIn(prop(first(wkCal.text), d('current-user-principal')))).to.deep.equal([principal]);
    await optionsOn(principal, 'calendar-access');
    // 8: the account is named after the first mailto: address.
    const cuas = await dav(app, 'PROPFIND', principal, { depth: '0', body: CUAS, headers: DAVX5 });
    expect(hrefsIn(prop(first(cuas.text), caldav('calendar-user-address-set')))[0]).to.equal('mailto:max.muster@brokerstar-demo.ch');
    // 9: ServiceRefresher: home sets and (empty) group membership; no proxies.
    const calService = first((await dav(app, 'PROPFIND', principal, { depth: '0', body: SERVICE_CALDAV, headers: DAVX5 })).text);
    const calHome = hrefsIn(prop(calService, caldav('calendar-home-set')))[0]!;
    expect(calHome).to.equal('/dav/calendars/max.muster/');
    expect(prop(calService, d('group-membership'))?.children).to.have.length(0);
    expect(prop(calService, d('resourcetype'))!.children.map((c) => c.name)).to.include(d('principal'));
    expect(hrefsIn(prop(calService, cs('calendar-proxy-write-for')))).to.have.length(0);
    const cardService = first((await dav(app, 'PROPFIND', principal, { depth: '0', body: SERVICE_CARDDAV, headers: DAVX5 })).text);
    const cardHome = hrefsIn(prop(cardService, carddav('addressbook-home-set')))[0]!;
    expect(cardHome).to.equal('/dav/addressbooks/max.muster/');
    // 10: HomeSetRefresher, Depth 1 on each home.
    const cals = parseMultistatus((await dav(app, 'PROPFIND', calHome, { depth: '1', body: HOME_CALDAV, headers: DAVX5 })).text);
    const calendars = cals.responses.filter((r) => prop(r, d('resourcetype'))?.children.some((c) => c.name === caldav('calendar')));
    expect(calendars.map((c) => prop(c, caldav('supported-calendar-component-set'))!.children[0]!.attributes.name)).to.deep.equal(['VEVENT', 'VTODO']);
    for (const c of calendars) {
      expect(prop(c, d('displayname'))?.text).to.equal('BrokerStar');
      expect(prop(c, ical('calendar-color'))?.text).to.match(/^#/);
      expect(prop(c, caldav('calendar-timezone'))?.text).to.contain('BEGIN:VTIMEZONE');
      expect(prop(c, d('current-user-privilege-set'))!.children.map((p) => p.children[0]!.local)).to.include('write');
    }
    const books = parseMultistatus((await dav(app, 'PROPFIND', cardHome, { depth: '1', body: HOME_CARDDAV, headers: DAVX5 })).text);
    const book = books.responses.find((r) => prop(r, d('resourcetype'))?.children.some((c) => c.name === carddav('addressbook')));
    expect(prop(book, d('displayname'))?.text).to.equal('BrokerStar');
    expect(prop(book, carddav('addressbook-description'))?.text).to.match(/\S/);
    // 11: PrincipalsRefresher on the owner.
    const owner = hrefsIn(prop(book, d('owner')))[0]!;
    const ownerProps = first((await dav(app, 'PROPFIND', owner, { depth: '0', body: OWNER, headers: DAVX5 })).text);
    expect(prop(ownerProps, d('displayname'))?.text).to.equal('Max Muster');
  });

  it('capability PROPFIND per sync: supported-report-set, sync-token, getctag, max-resource-size, supported-address-data', async () => {
    const book = first((await dav(app, 'PROPFIND', '/dav/addressbooks/max.muster/brokerstar/', { depth: '0', body: CAPABILITIES, headers: DAVX5 })).text);
    const reports = prop(book, d('supported-report-set'))!.children.map((sr) => sr.children[0]!.children[0]!.name);
    expect(reports).to.include(d('sync-collection'));
    expect(prop(book, d('sync-token'))?.text).to.match(/\S/);
    expect(prop(book, cs('getctag'))?.text).to.match(/\S/);
    expect(prop(book, carddav('max-resource-size'))?.text).to.match(/^\d+$/);
    const versions = prop(book, carddav('supported-address-data'))!.children.map((t) => t.attributes.version);
    expect(versions).to.include.members(['3.0', '4.0']);
    expect(book.props.get(caldav('max-resource-size'))?.status).to.equal(404);

    const cal = first((await dav(app, 'PROPFIND', '/dav/calendars/max.muster/brokerstar/', { depth: '0', body: CAPABILITIES, headers: DAVX5 })).text);
    expect(prop(cal, caldav('max-resource-size'))?.text).to.match(/^\d+$/);
    expect(prop(cal, d('supported-report-set'))!.children.map((sr) => sr.children[0]!.children[0]!.name)).to.include(caldav('calendar-query'));
  });

  it('contacts: sync-collection Depth 0 with an empty token, then addressbook-multiget (vCard 4.0) in batches of 10', async () => {
    const bookUrl = '/dav/addressbooks/max.muster/brokerstar/';
    const sync = await dav(app, 'REPORT', bookUrl, { depth: '0', body: SYNC_CONTACTS, headers: DAVX5 });
    expect(sync.status).to.equal(207);
    const synced = parseMultistatus(sync.text);
    expect(synced.syncToken).to.match(/\S/);
    const hrefs = synced.responses.map((r) => r.href);
    expect(hrefs.length).to.be.greaterThan(BATCH);
    for (const r of synced.responses) expect(prop(r, d('getetag'))?.text).to.match(/^"/);

    let fetched = 0;
    for (let i = 0; i < hrefs.length; i += BATCH) {
      const batch = hrefs.slice(i, i + BATCH);
      const res = await dav(app, 'REPORT', bookUrl, { depth: '0', body: CARD_MULTIGET(batch), headers: DAVX5 });
      expect(res.status).to.equal(207);
      const cards = parseMultistatus(res.text).responses;
      expect(cards.map((c) => c.href)).to.have.members(batch);
      for (const c of cards) {
        expect(prop(c, d('getetag'))?.text, "DAVx5: Server didn't provide ETag").to.match(/^"[^"]+"$/);
        expect(prop(c, carddav('address-data'))?.text).to.match(/VERSION:4\.0/);
        fetched++;
      }
    }
    expect(fetched).to.equal(hrefs.length);
  });

  it('events: calendar-query with a start-only time range, then calendar-multiget (no Depth) in batches of 10', async () => {
    const calUrl = '/dav/calendars/max.muster/brokerstar/';
    // timeRangePastDays = 90 before the demo's reference day 2026-11-16.
    const query = await dav(app, 'REPORT', calUrl, { depth: '1', body: EVENTS_QUERY('20260818T000000Z'), headers: DAVX5 });
    expect(query.status).to.equal(207);
    const listed = parseMultistatus(query.text).responses.filter((r) => r.href !== calUrl);
    expect(listed.length).to.be.greaterThan(0);
    for (let i = 0; i < listed.length; i += BATCH) {
      const batch = listed.slice(i, i + BATCH);
      const res = await dav(app, 'REPORT', calUrl, { body: CAL_MULTIGET(batch.map((b) => b.href)), headers: DAVX5 });
      expect(res.status).to.equal(207);
      for (const r of parseMultistatus(res.text).responses) {
        expect(prop(r, d('getetag'))?.text).to.equal(prop(batch.find((b) => b.href === r.href), d('getetag'))?.text);
        const data = prop(r, caldav('calendar-data'))?.text ?? '';
        expect(data.match(/^UID:/gm)?.length ?? 0, 'exactly one UID per resource').to.be.greaterThan(0);
        expect(new Set(data.match(/^UID:.*$/gm))).to.have.property('size', 1);
        expect(prop(r, d('getcontenttype'))?.text).to.match(/^text\/calendar/);
      }
    }
  });

  it('tasks: calendar-query for VTODO without a time range lists every task with its ETag', async () => {
    const tasksUrl = '/dav/calendars/max.muster/brokerstar-tasks/';
    const query = await dav(app, 'REPORT', tasksUrl, { depth: '1', body: TASKS_QUERY, headers: DAVX5 });
    expect(query.status).to.equal(207);
    const listed = parseMultistatus(query.text).responses.filter((r) => r.href !== tasksUrl);
    expect(listed.length).to.be.greaterThan(0);
    for (const r of listed) expect(prop(r, d('getetag'))?.text).to.match(/^"/);
    const res = await dav(app, 'REPORT', tasksUrl, { body: CAL_MULTIGET(listed.slice(0, BATCH).map((l) => l.href)), headers: DAVX5 });
    for (const r of parseMultistatus(res.text).responses) expect(prop(r, caldav('calendar-data'))?.text).to.contain('BEGIN:VTODO');
  });
});
