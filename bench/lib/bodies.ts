/**
 * Request bodies exactly as the clients send them (docs/clients.md, labels as
 * there: O-* Outlook CalDav Synchronizer §1.2, A-* Apple §2.2, DAVx5 §3).
 */
import { escapeText } from './multistatus.ts';

export const UA = {
  outlook: 'CalDavSynchronizer/4.6',
  ios: 'iOS/18.1.1 (22B91) dataaccessd/1.0',
  davx5: 'DAVx5/4.4.3-ose (at.bitfire.davdroid)',
  thunderbird: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.0',
} as const;

export { O_ABHS, O_CHS, O_CUP, O_LISTAB, O_LISTCAL, O_LIST_AB, O_PRIV, oCq, oMgetAb } from '../../test/support/clientRequests/outlookCalDavSynchronizer.ts';

/** Poll body: getctag + sync-token at Depth 0 (what iOS and DAVx5 check before syncing). */
export const POLL = `<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:" xmlns:C="http://calendarserver.org/ns/">
  <A:prop>
    <C:getctag/>
    <A:sync-token/>
  </A:prop>
</A:propfind>`;

/** DAVx5 sync-collection on an address book (REPORT Depth 0). */
export function davx5Sync(token: string): string {
  return `<?xml version='1.0' encoding='UTF-8' ?><sync-collection xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav" xmlns:CARD="urn:ietf:params:xml:ns:carddav">` +
    `${token ? `<sync-token>${escapeText(token)}</sync-token>` : '<sync-token />'}<sync-level>1</sync-level><prop><getetag /><resourcetype /></prop></sync-collection>`;
}

/** DAVx5 addressbook-multiget (Depth 0, batches of 10). */
export function davx5Mget(hrefs: readonly string[]): string {
  return `<?xml version='1.0' encoding='UTF-8' ?><CARD:addressbook-multiget xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav" xmlns:CARD="urn:ietf:params:xml:ns:carddav">` +
    `<prop><getcontenttype /><getetag /><CARD:address-data /></prop>${hrefs.map((h) => `<href>${escapeText(h)}</href>`).join('')}</CARD:addressbook-multiget>`;
}

/** Thunderbird: sync-collection, then one addressbook-multiget with every href. */
export function thunderbirdSync(token: string): string {
  return `<sync-collection xmlns="DAV:"><sync-token>${escapeText(token)}</sync-token><sync-level>1</sync-level><prop><getetag/></prop></sync-collection>`;
}

export function thunderbirdMget(hrefs: readonly string[]): string {
  return `<addressbook-multiget xmlns="urn:ietf:params:xml:ns:carddav" xmlns:d="DAV:"><d:prop><d:getetag/><address-data/></d:prop>` +
    `${hrefs.map((h) => `<d:href>${escapeText(h)}</d:href>`).join('')}</addressbook-multiget>`;
}


/** A vCard 3.0 as Outlook CalDav Synchronizer writes a new contact. */
export function newVCard(uid: string, n: number, note = ''): string {
  return ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `N:Benchmann;Erika${n};;;`, `FN:Erika${n} Benchmann`,
    'ORG:Bench AG', `EMAIL;TYPE=INTERNET,WORK:erika${n}@bench.example`, 'TEL;TYPE=WORK,VOICE:+41 44 123 45 67',
    ...(note ? [`NOTE:${note}`] : []), 'END:VCARD', ''].join('\r\n');
}

/** A VEVENT as Outlook CalDav Synchronizer writes it (Europe/Zurich, one hour). */
export function newEvent(uid: string, start: Date, summary: string): string {
  const local = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, '');
  const end = new Date(start.getTime() + 3600_000);
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Bench//Outlook CalDav Synchronizer//EN', 'BEGIN:VEVENT', `UID:${uid}`,
    `DTSTAMP:${local(new Date())}Z`, `DTSTART:${local(start)}Z`, `DTEND:${local(end)}Z`, `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}
