/**
 * The comparison's data set: what our CLI seeded (bench/lib seed generators via `seed`), read back
 * from our server as devices see it, and written into Radicale through PUT. Radicale checks a new
 * item's UID against every item of the collection (O(n) per PUT, O(n²) for a fill), so each
 * collection is written with ONE PUT of the whole collection (RFC 4791/6352 data, Radicale's
 * documented way to upload a calendar or address book).
 */
import { check, DavClient } from '../client.ts';
import * as B from '../bodies.ts';
import { escapeText, parseMultistatus } from '../multistatus.ts';

export interface DataSet {
  readonly vcards: string[];
  /** One iCalendar object per calendar resource (VTIMEZONEs + the VEVENTs of one UID). */
  readonly calendars: string[];
}

const LIST_ETAGS = `<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>`;

function calendarMultiget(hrefs: readonly string[]): string {
  return `<?xml version="1.0"?><C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>` +
    `${hrefs.map((h) => `<D:href>${escapeText(h)}</D:href>`).join('')}</C:calendar-multiget>`;
}

async function memberHrefs(c: DavClient, path: string): Promise<string[]> {
  const list = await c.expect(207, 'PROPFIND', path, { depth: '1', body: LIST_ETAGS });
  return parseMultistatus(list.text).map((r) => r.href).filter((h) => h !== path && h !== path.replace(/\/$/, ''));
}

/** Every vCard and calendar object of the user, as our server serves them. */
export async function readDataSet(origin: string, login: string, password: string, addressbook: string, calendar: string): Promise<DataSet> {
  const c = new DavClient(origin, login, password, B.UA.thunderbird);
  try {
    const cardHrefs = await memberHrefs(c, addressbook);
    const vcards: string[] = [];
    for (let i = 0; i < cardHrefs.length; i += 1000) {
      const e = await c.expect(207, 'REPORT', addressbook, { depth: '1', body: B.thunderbirdMget(cardHrefs.slice(i, i + 1000)) });
      for (const r of parseMultistatus(e.text)) {
        check(r.data && r.data.startsWith('BEGIN:VCARD'), `data set: ${r.href} without vCard`);
        vcards.push(r.data);
      }
    }
    const eventHrefs = await memberHrefs(c, calendar);
    const calendars: string[] = [];
    for (let i = 0; i < eventHrefs.length; i += 500) {
      const e = await c.expect(207, 'REPORT', calendar, { depth: '1', body: calendarMultiget(eventHrefs.slice(i, i + 500)) });
      for (const r of parseMultistatus(e.text)) {
        check(r.data && r.data.startsWith('BEGIN:VCALENDAR'), `data set: ${r.href} without iCalendar`);
        calendars.push(r.data);
      }
    }
    check(vcards.length === cardHrefs.length && calendars.length === eventHrefs.length, 'data set: multiget answered fewer objects than listed');
    return { vcards, calendars };
  } finally {
    c.close();
  }
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** All calendar objects as one VCALENDAR: each VTIMEZONE once, every VEVENT/VTODO. */
export function wholeCalendar(calendars: readonly string[]): string {
  const zones = new Map<string, string>();
  const components: string[] = [];
  for (const raw of calendars) {
    const text = crlf(raw);
    for (const z of text.match(/BEGIN:VTIMEZONE\r\n[\s\S]*?END:VTIMEZONE\r\n/g) ?? []) {
      const tzid = /\r\nTZID:([^\r\n]+)/.exec(z)?.[1] ?? z;
      if (!zones.has(tzid)) zones.set(tzid, z);
    }
    components.push(...(text.match(/BEGIN:(VEVENT|VTODO)\r\n[\s\S]*?END:\1\r\n/g) ?? []));
  }
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//BrokerStar//Bench comparison//EN\r\n${[...zones.values()].join('')}${components.join('')}END:VCALENDAR\r\n`;
}

/** Creates the user's address book and calendar on Radicale with one PUT each, then checks the counts. */
export async function fillRadicale(origin: string, login: string, password: string, addressbook: string, calendar: string, data: DataSet): Promise<{ seconds: number }> {
  const c = new DavClient(origin, login, password, 'BrokerStarBench/1.0', 1, 1_800_000);
  const started = performance.now();
  try {
    // The principal collection is created on the first authenticated request.
    await c.expect(207, 'PROPFIND', `/${encodeURIComponent(login)}/`, { depth: '0', body: LIST_ETAGS });
    await c.expect([200, 201, 204], 'PUT', addressbook, { body: data.vcards.map(crlf).join(''), contentType: 'text/vcard; charset=utf-8' });
    await c.expect([200, 201, 204], 'PUT', calendar, { body: wholeCalendar(data.calendars), contentType: 'text/calendar; charset=utf-8' });
    const cards = await memberHrefs(c, addressbook);
    const events = await memberHrefs(c, calendar);
    check(cards.length === data.vcards.length, `Radicale holds ${cards.length} contacts, ${data.vcards.length} were put`);
    check(events.length === data.calendars.length, `Radicale holds ${events.length} calendar objects, ${data.calendars.length} were put`);
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    c.close();
  }
}
