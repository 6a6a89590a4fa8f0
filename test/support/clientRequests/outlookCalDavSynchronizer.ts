import { escapeXml } from '../../../src/adapters/http/dav/xml/write.ts';

/**
 * Request bodies exactly as Outlook CalDav Synchronizer 4.6 sends them (labels as in
 * docs/clients.md §1.2), shared by the client-flow tests and the benchmark.
 */
export const O_CUP = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
    <D:current-user-principal/>
    <D:principal-URL/>
    <D:resourcetype/>
  </D:prop>
</D:propfind>`;

export const O_CHS = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <C:calendar-home-set/>
  </D:prop>
</D:propfind>`;

export const O_LISTCAL = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:E="http://apple.com/ns/ical/">
  <D:prop>
      <D:resourcetype />
      <D:displayname />
      <E:calendar-color />
      <C:supported-calendar-component-set />
  </D:prop>
</D:propfind>`;

export const O_PRIV = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
    <D:current-user-privilege-set/>
  </D:prop>
</D:propfind>`;

export const O_OWNER = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/">
  <D:prop>
    <D:owner/>
    <CS:organizer/>
  </D:prop>
</D:propfind>`;

export const O_CUAS = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <C:calendar-user-address-set/>
  </D:prop>
</D:propfind>`;

export const O_ABHS = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav">
  <D:prop>
    <A:addressbook-home-set/>
  </D:prop>
</D:propfind>`;

export const O_LISTAB = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
      <D:resourcetype />
      <D:displayname />
  </D:prop>
</D:propfind>`;

export const O_RT = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
    <D:resourcetype/>
  </D:prop>
</D:propfind>`;

export const O_SRS = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
    <D:supported-report-set/>
  </D:prop>
</D:propfind>`;

/** O-LIST-AB: PROPFIND Depth 1 on the address book. */
export const O_LIST_AB = `<?xml version='1.0'?>
<D:propfind xmlns:D="DAV:">
    <D:prop>
      <D:getetag/>
      <D:getcontenttype/>
    </D:prop>
</D:propfind>`;

/** O-MGET-AB: addressbook-multiget, Depth 0, ≤ 100 hrefs. */
export function oMgetAb(hrefs: readonly string[]): string {
  return `<?xml version="1.0" encoding="utf-8" ?>
<A:addressbook-multiget xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav">
  <D:prop>
    <D:getetag/>
    <D:getcontenttype/>
    <A:address-data/>
  </D:prop>
${hrefs.map((h) => `  <D:href>${escapeXml(h)}</D:href>`).join('\n')}
</A:addressbook-multiget>`;
}

/** O-CQ: calendar-query VEVENT with a time range, getetag only (Depth 1). */
export function oCq(start: Date, end: Date): string {
  return `<?xml version="1.0"?>
<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav">
    <D:prop xmlns:D="DAV:">
        <D:getetag/>
    </D:prop>
    <C:filter>
        <C:comp-filter name="VCALENDAR">
            <C:comp-filter name="VEVENT">
              <C:time-range start="${icalUtc(start)}" end="${icalUtc(end)}"/>
            </C:comp-filter>
        </C:comp-filter>
    </C:filter>
</C:calendar-query>`;
}

/** O-MGET-CAL: calendar-multiget, Depth 1, ≤ 100 hrefs. */
export function oMgetCal(hrefs: readonly string[]): string {
  return `<?xml version="1.0"?>
<C:calendar-multiget xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:D="DAV:">
    <D:prop>
        <D:getetag/>
        <D:displayname/>
        <C:calendar-data/>
    </D:prop>
${hrefs.map((h) => `    <D:href>${escapeXml(h)}</D:href>`).join('\n')}
</C:calendar-multiget>`;
}

function icalUtc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
