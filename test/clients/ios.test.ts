import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { hrefsIn, parseMultistatus, prop, type ParsedResponse } from '../support/multistatus.ts';
import { caldav, carddav, cs, dav as d, ical } from '../../src/adapters/http/dav/xml/names.ts';

/**
 * iOS hostname-only account setup ("Server: public.brokerstar.biz", customer guide "Einrichtung
 * iOS"), replayed in the order of docs/clients.md §5.3 with the bodies of Apple's own simulator (§2.2).
 */
const A_WK = `<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <A:current-user-principal/>
    <A:principal-URL/>
    <A:resourcetype/>
  </A:prop>
</A:propfind>`;
const A_PRINC = `<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <B:calendar-home-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:calendar-user-address-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:current-user-principal/>
    <A:displayname/>
    <C:dropbox-home-URL xmlns:C="http://calendarserver.org/ns/"/>
    <C:email-address-set xmlns:C="http://calendarserver.org/ns/"/>
    <C:notification-URL xmlns:C="http://calendarserver.org/ns/"/>
    <A:principal-collection-set/>
    <A:principal-URL/>
    <A:resource-id/>
    <B:schedule-inbox-URL xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:schedule-outbox-URL xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:supported-report-set/>
  </A:prop>
</A:propfind>`;
const A_HOME = `<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <A:add-member/>
    <C:allowed-sharing-modes xmlns:C="http://calendarserver.org/ns/"/>
    <D:autoprovisioned xmlns:D="http://apple.com/ns/ical/"/>
    <E:bulk-requests xmlns:E="http://me.com/_namespace/"/>
    <B:calendar-alarm xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <D:calendar-color xmlns:D="http://apple.com/ns/ical/"/>
    <B:calendar-description xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:calendar-free-busy-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <D:calendar-order xmlns:D="http://apple.com/ns/ical/"/>
    <B:calendar-timezone xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:current-user-privilege-set/>
    <B:default-alarm-vevent-date xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:default-alarm-vevent-datetime xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:displayname/>
    <C:getctag xmlns:C="http://calendarserver.org/ns/"/>
    <C:invite xmlns:C="http://calendarserver.org/ns/"/>
    <D:language-code xmlns:D="http://apple.com/ns/ical/"/>
    <D:location-code xmlns:D="http://apple.com/ns/ical/"/>
    <A:owner/>
    <C:pre-publish-url xmlns:C="http://calendarserver.org/ns/"/>
    <C:publish-url xmlns:C="http://calendarserver.org/ns/"/>
    <C:push-transports xmlns:C="http://calendarserver.org/ns/"/>
    <C:pushkey xmlns:C="http://calendarserver.org/ns/"/>
    <A:quota-available-bytes/>
    <A:quota-used-bytes/>
    <D:refreshrate xmlns:D="http://apple.com/ns/ical/"/>
    <A:resource-id/>
    <A:resourcetype/>
    <B:schedule-calendar-transp xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:schedule-default-calendar-URL xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <C:source xmlns:C="http://calendarserver.org/ns/"/>
    <C:subscribed-strip-alarms xmlns:C="http://calendarserver.org/ns/"/>
    <C:subscribed-strip-attachments xmlns:C="http://calendarserver.org/ns/"/>
    <C:subscribed-strip-todos xmlns:C="http://calendarserver.org/ns/"/>
    <B:supported-calendar-component-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:supported-calendar-component-sets xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:supported-report-set/>
    <A:sync-token/>
    <B:managed-attachments-server-URL xmlns:B="urn:ietf:params:xml:ns:caldav"/>
  </A:prop>
</A:propfind>`;
const A_PROPPATCH_COLOR_ORDER = `<?xml version="1.0" encoding="UTF-8"?>
<A:propertyupdate xmlns:A="DAV:">
  <A:set>
    <A:prop>
      <D:calendar-color xmlns:D="http://apple.com/ns/ical/" symbolic-color="custom">#FF2968FF</D:calendar-color>
      <D:calendar-order xmlns:D="http://apple.com/ns/ical/">3</D:calendar-order>
    </A:prop>
  </A:set>
</A:propertyupdate>`;
const POLL_CALENDAR = `<A:propfind xmlns:A="DAV:"><A:prop><C:getctag xmlns:C="http://calendarserver.org/ns/"/><A:sync-token/></A:prop></A:propfind>`;
const syncRequest = (token: string) =>
  `<A:sync-collection xmlns:A="DAV:"><A:sync-token>${token}</A:sync-token><A:prop><A:getetag/><A:getcontenttype/></A:prop></A:sync-collection>`;
const multigetRequest = (hrefs: string[]) =>
  `<C:calendar-multiget xmlns:C="urn:ietf:params:xml:ns:caldav"><A:prop xmlns:A="DAV:"><A:getetag/><C:calendar-data/><C:schedule-tag/></A:prop>${hrefs
    .map((h) => `<A:href xmlns:A="DAV:">${h}</A:href>`)
    .join('')}</C:calendar-multiget>`;

/** iOS 18 headers of the setup requests (docs/clients.md §2.1). */
const IOS = { 'User-Agent': 'iOS/18.1.1 (22B91) accountsd/1.0', Prefer: 'return=minimal', Brief: 't', 'Content-Type': 'text/xml', Accept: '*/*' };
const DATAACCESSD = { 'User-Agent': 'iOS/18.1.1 (22B91) dataaccessd/1.0', 'Content-Type': 'text/xml' };

const only = (body: string): ParsedResponse => {
  const { responses } = parseMultistatus(body);
  expect(responses).to.have.length(1);
  return responses[0]!;
};
const davTokens = (header: unknown) => String(header ?? '').split(',').map((t) => t.trim());
const reportNames = (r: ParsedResponse) => (prop(r, d('supported-report-set'))?.children ?? []).map((sr) => sr.children[0]?.children[0]?.name);
const privilegeNames = (r: ParsedResponse) => (prop(r, d('current-user-privilege-set'))?.children ?? []).map((p) => p.children[0]?.local);

forEachDatabase('iOS (accountsd/dataaccessd) hostname-only setup', (db) => {
  const app = demoAppForSuite(db);

  /** Steps 1–2: well-known without credentials → 401 → with Basic → 301 → 207 at Location. */
  async function wellKnown(service: 'caldav' | 'carddav'): Promise<string> {
    const anonymous = await dav(app, 'PROPFIND', `/.well-known/${service}`, { as: null, depth: '0', body: A_WK, headers: IOS });
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers['www-authenticate']).to.match(/^Basic realm="BrokerStar"/);
    const redirected = await dav(app, 'PROPFIND', `/.well-known/${service}`, { depth: '0', body: A_WK, headers: IOS });
    expect(redirected.status).to.equal(301);
    const location = new URL(redirected.headers.location!, 'http://public.brokerstar.test');
    expect(location.pathname).to.equal('/dav/');
    const root = await dav(app, 'PROPFIND', location.pathname, { depth: '0', body: A_WK, headers: IOS });
    expect(root.status).to.equal(207);
    const principal = hrefsIn(prop(only(root.text), d('current-user-principal')))[0];
    expect(principal).to.equal('/dav/principals/max.muster/');
    return principal!;
  }

  it('CalDAV setup: well-known 401 → 301 → 207, OPTIONS, A-PRINC, A-HOME with both BrokerStar calendars', async () => {
    const principal = await wellKnown('caldav');

    // Step 3: OPTIONS on the principal, first anonymously (dataaccessd), then with credentials.
    const anonymousOptions = await dav(app, 'OPTIONS', principal, { as: null, headers: { 'User-Agent': DATAACCESSD['User-Agent'] } });
    expect(anonymousOptions.status).to.equal(401);
    expect(anonymousOptions.headers['www-authenticate']).to.match(/^Basic realm="BrokerStar"/);
    const options = await dav(app, 'OPTIONS', principal, { headers: { 'User-Agent': IOS['User-Agent'] } });
    expect(options.status).to.equal(200);
    expect(davTokens(options.headers.dav)).to.include.members(['1', '3', 'calendar-access', 'addressbook']);
    expect(davTokens(options.headers.allow)).to.include.members(['PROPFIND', 'REPORT']);

    // Step 4: the principal; unknown CS/Apple properties are left out under return=minimal.
    const princ = await dav(app, 'PROPFIND', principal, { depth: '0', body: A_PRINC, headers: IOS });
    expect(princ.status).to.equal(207);
    expect(princ.headers['preference-applied']).to.equal('return=minimal');
    const p = only(princ.text);
    const home = hrefsIn(prop(p, caldav('calendar-home-set')))[0];
    expect(home).to.equal('/dav/calendars/max.muster/');
    expect(hrefsIn(prop(p, caldav('calendar-user-address-set')))[0]).to.equal('mailto:max.muster@brokerstar-demo.ch');
    expect(hrefsIn(prop(p, d('principal-URL')))).to.deep.equal([principal]);
    expect(hrefsIn(prop(p, d('current-user-principal')))).to.deep.equal([principal]);
    expect(prop(p, d('displayname'))?.text).to.equal('Max Muster');
    expect(hrefsIn(prop(p, d('principal-collection-set')))).to.deep.equal(['/dav/principals/']);
    expect(p.props.has(d('supported-report-set'))).to.equal(true);
    for (const unknown of [cs('dropbox-home-URL'), cs('notification-URL'), caldav('schedule-inbox-URL'), caldav('schedule-outbox-URL'), d('resource-id')]) {
      expect(p.props.has(unknown), `${unknown} is omitted, not a 404 propstat`).to.equal(false);
    }
    expect(princ.text).to.not.contain('404');

    // Step 5: the calendar home, Depth 1.
    const listing = await dav(app, 'PROPFIND', home!, { depth: '1', body: A_HOME, headers: IOS });
    expect(listing.status).to.equal(207);
    const ms = parseMultistatus(listing.text);
    expect(ms.responses[0]!.href).to.equal(home);
    const calendars = ms.responses.filter((r) => prop(r, d('resourcetype'))?.children.some((c) => c.name === caldav('calendar')));
    expect(calendars.map((c) => c.href)).to.deep.equal(['/dav/calendars/max.muster/brokerstar/', '/dav/calendars/max.muster/brokerstar-tasks/']);
    for (const c of calendars) {
      expect(prop(c, d('resourcetype'))!.children.map((x) => x.name)).to.include.members([d('collection'), caldav('calendar')]);
      expect(prop(c, d('displayname'))?.text).to.equal('BrokerStar');
      expect(prop(c, caldav('supported-calendar-component-set'))!.children.map((x) => x.attributes.name)).to.have.length(1);
      expect(prop(c, cs('getctag'))?.text).to.match(/\S/);
      expect(prop(c, d('sync-token'))?.text).to.match(/^[a-z][a-z0-9+.-]*:/i);
      expect(prop(c, ical('calendar-color'))?.text).to.match(/^#[0-9A-F]{6}([0-9A-F]{2})?$/i);
      expect(privilegeNames(c)).to.include.members(['read', 'write', 'write-content', 'bind', 'unbind']);
      expect(reportNames(c)).to.include.members([d('sync-collection'), caldav('calendar-multiget'), caldav('calendar-query')]);
      expect(hrefsIn(prop(c, d('owner')))).to.deep.equal([principal]);
    }
    const [events, tasks] = calendars;
    expect(prop(events, caldav('supported-calendar-component-set'))!.children[0]!.attributes.name).to.equal('VEVENT');
    expect(prop(tasks, caldav('supported-calendar-component-set'))!.children[0]!.attributes.name).to.equal('VTODO');
    expect(listing.text).to.not.contain('404 Not Found');
  });

  it('PROPPATCH calendar-color and calendar-order is accepted and remembered for this user only', async () => {
    const calendar = '/dav/calendars/max.muster/brokerstar/';
    const patched = await dav(app, 'PROPPATCH', calendar, { body: A_PROPPATCH_COLOR_ORDER, headers: { 'User-Agent': IOS['User-Agent'], 'Content-Type': 'text/xml' } });
    expect(patched.status).to.equal(207);
    const r = only(patched.text);
    expect(r.props.get(ical('calendar-color'))?.status).to.equal(200);
    expect(r.props.get(ical('calendar-order'))?.status).to.equal(200);

    const later = await dav(app, 'PROPFIND', '/dav/calendars/max.muster/', { depth: '1', body: A_HOME, headers: IOS });
    const again = parseMultistatus(later.text).byHref.get(calendar);
    expect(prop(again, ical('calendar-color'))?.text).to.equal('#FF2968FF');
    expect(prop(again, ical('calendar-order'))?.text).to.equal('3');

    const lisa = await dav(app, 'PROPFIND', '/dav/calendars/lisa.admin/brokerstar/', { as: 'lisa.admin', depth: '0', body: A_HOME, headers: IOS });
    const hers = only(lisa.text);
    expect(prop(hers, ical('calendar-color'))?.text).to.not.equal('#FF2968FF');
    expect(hers.props.has(ical('calendar-order'))).to.equal(false);
  });

  it('per-calendar sync: getctag + sync-token, sync-collection (Depth 1, empty token), calendar-multiget', async () => {
    const calendar = '/dav/calendars/max.muster/brokerstar/';
    const poll = await dav(app, 'PROPFIND', calendar, { depth: '0', body: POLL_CALENDAR, headers: DATAACCESSD });
    expect(poll.status).to.equal(207);
    const state = only(poll.text);
    const token = prop(state, d('sync-token'))!.text;
    expect(prop(state, cs('getctag'))?.text).to.match(/\S/);

    const sync = await dav(app, 'REPORT', calendar, { depth: '1', body: syncRequest(''), headers: DATAACCESSD });
    expect(sync.status).to.equal(207);
    const synced = parseMultistatus(sync.text);
    expect(synced.syncToken).to.equal(token);
    const members = synced.responses.filter((m) => m.href !== calendar);
    expect(members.length).to.be.greaterThan(0);
    for (const m of members) {
      expect(m.href.startsWith(calendar)).to.equal(true);
      expect(prop(m, d('getetag'))?.text).to.match(/^"[^"]+"$/);
      expect(prop(m, d('getcontenttype'))?.text).to.match(/^text\/calendar/);
    }

    const hrefs = members.map((m) => m.href);
    const mget = await dav(app, 'REPORT', calendar, { depth: '1', body: multigetRequest(hrefs), headers: DATAACCESSD });
    expect(mget.status).to.equal(207);
    const fetched = parseMultistatus(mget.text);
    expect(fetched.responses.map((f) => f.href).sort()).to.deep.equal([...hrefs].sort());
    for (const f of fetched.responses) {
      const data = prop(f, caldav('calendar-data'))?.text ?? '';
      expect(data).to.match(/^BEGIN:VCALENDAR\r?\n/);
      expect(data).to.contain('BEGIN:VEVENT');
      expect(prop(f, d('getetag'))?.text).to.equal(prop(synced.byHref.get(f.href), d('getetag'))?.text);
    }

    // The next poll with the returned token: nothing changed, so nothing is listed.
    const nothing = await dav(app, 'REPORT', calendar, { depth: '1', body: syncRequest(synced.syncToken!), headers: DATAACCESSD });
    expect(nothing.status).to.equal(207);
    expect(parseMultistatus(nothing.text).responses.filter((m) => m.href !== calendar)).to.have.length(0);
  });

  it('a sync-token the server never issued gets 403 valid-sync-token (macOS then resyncs)', async () => {
    const res = await dav(app, 'REPORT', '/dav/calendars/max.muster/brokerstar/', { depth: '1', body: syncRequest('urn:uuid:6f1d8b58-0000-4000-8000-000000000000'), headers: DATAACCESSD });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('valid-sync-token');
  });

  it('CardDAV setup: well-known carddav 401 → 301 → 207, OPTIONS shows addressbook, home lists one address book', async () => {
    const principal = await wellKnown('carddav');
    const options = await dav(app, 'OPTIONS', principal);
    expect(davTokens(options.headers.dav)).to.include('addressbook');
    const princ = await dav(app, 'PROPFIND', principal, {
      depth: '0',
      headers: IOS,
      body: `<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <B:addressbook-home-set xmlns:B="urn:ietf:params:xml:ns:carddav"/>
    <B:directory-gateway xmlns:B="urn:ietf:params:xml:ns:carddav"/>
    <A:displayname/>
    <C:email-address-set xmlns:C="http://calendarserver.org/ns/"/>
    <A:principal-collection-set/>
    <A:principal-URL/>
    <A:resource-id/>
    <A:supported-report-set/>
  </A:prop>
</A:propfind>`,
    });
    const home = hrefsIn(prop(only(princ.text), carddav('addressbook-home-set')))[0];
    expect(home).to.equal('/dav/addressbooks/max.muster/');
    const listing = await dav(app, 'PROPFIND', home!, {
      depth: '1',
      headers: IOS,
      body: `<A:propfind xmlns:A="DAV:"><A:prop><A:resourcetype/><A:displayname/><A:current-user-privilege-set/><A:sync-token/><C:getctag xmlns:C="http://calendarserver.org/ns/"/></A:prop></A:propfind>`,
    });
    const books = parseMultistatus(listing.text).responses.filter((r) => prop(r, d('resourcetype'))?.children.some((c) => c.name === carddav('addressbook')));
    expect(books.map((b) => [b.href, prop(b, d('displayname'))?.text])).to.deep.equal([['/dav/addressbooks/max.muster/brokerstar/', 'BrokerStar']]);
    expect(prop(books[0], cs('getctag'))?.text).to.match(/\S/);
  });
});
