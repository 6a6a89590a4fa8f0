/**
 * The hostile and careless requests of issue 9, one entry per finding: what is sent and which
 * answers are acceptable. Every answer must also come within the time bound, and never be a 5xx.
 */
import type { DavClient, Exchange } from '../lib/client.ts';

export interface HostileCase {
  readonly finding: string;
  readonly title: string;
  /** Sends the request(s); returns the answers to judge (each checked for status and time). */
  run(c: { max: DavClient; sandra: DavClient }, paths: Paths): Promise<Exchange[]>;
  readonly accept: readonly number[];
  /** Checks beyond the status (e.g. "the answer is well-formed", "no other user's href"). */
  check?(answers: readonly Exchange[]): string | null;
}

export interface Paths {
  readonly cal: (login: string) => string;
  readonly book: (login: string) => string;
  /** A default name not yet used by any appointment (the next id). */
  readonly nextAppointmentName: string;
  /** An appointment both max and sandra are assigned to. */
  readonly sharedAppointment: string;
}

const ICS = 'text/calendar; charset=utf-8';
const VCF = 'text/vcard; charset=utf-8';
const event = (uid: string, extra: string[] = [], summary = 'Termin') => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//hostile//EN', 'BEGIN:VEVENT',
  `UID:${uid}`, 'DTSTAMP:20261101T090000Z', 'DTSTART:20261207T090000Z', 'DTEND:20261207T100000Z', `SUMMARY:${summary}`, ...extra, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const card = (uid: string, extra: string[] = [], last = 'Muster') => ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `N:${last};Hans;;;`, `FN:Hans ${last}`, ...extra, 'END:VCARD', ''].join('\r\n');
const XML = '<?xml version="1.0" encoding="utf-8"?>';
const NS = 'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:A="urn:ietf:params:xml:ns:carddav"';
let n = 0;
const fresh = (what: string) => `hostile-${what}-${process.pid}-${++n}`;

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    finding: '1', title: 'PUT RRULE FREQ=DAILY;COUNT=3;BYMONTH=2;BYMONTHDAY=30', accept: [400, 403],
    run: async ({ max }, p) => [await max.request('PUT', `${p.cal('max.muster')}${fresh('feb30')}.ics`, { body: event(fresh('u'), ['RRULE:FREQ=DAILY;COUNT=3;BYMONTH=2;BYMONTHDAY=30']), contentType: ICS })],
  },
  {
    finding: '1', title: 'PUT RRULE FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31 (open-ended)', accept: [400, 403],
    run: async ({ max }, p) => [await max.request('PUT', `${p.cal('max.muster')}${fresh('apr31')}.ics`, { body: event(fresh('u'), ['RRULE:FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31']), contentType: ICS })],
  },
  {
    finding: '1', title: 'FREQ=SECONDLY series, then calendar-query with expand', accept: [201, 207, 400, 403],
    run: async ({ max }, p) => {
      const put = await max.request('PUT', `${p.cal('max.muster')}${fresh('secondly')}.ics`, { body: event(fresh('u'), ['RRULE:FREQ=SECONDLY']), contentType: ICS });
      const query = await max.request('REPORT', p.cal('max.muster'), { depth: '1', body: `${XML}<C:calendar-query ${NS}><D:prop><C:calendar-data><C:expand start="20261207T000000Z" end="20261214T000000Z"/></C:calendar-data></D:prop>` +
        '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="20261207T000000Z" end="20261214T000000Z"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>' });
      return [put, query];
    },
  },
  {
    finding: '2', title: 'addressbook-multiget with 20 000 copies of one href', accept: [207],
    run: async ({ max }, p) => {
      const href = `${p.book('max.muster')}does-not-matter.vcf`;
      const body = `${XML}<A:addressbook-multiget ${NS}><D:prop><D:getetag/></D:prop>${`<D:href>${href}</D:href>`.repeat(20_000)}</A:addressbook-multiget>`;
      return [await max.request('REPORT', p.book('max.muster'), { depth: '1', body })];
    },
    check: ([a]) => (a!.text.length < 100_000 ? null : `answer of ${a!.text.length} bytes: duplicates were not answered once`),
  },
  {
    finding: '3', title: 'PROPFIND nested 200 000 deep', accept: [400, 413],
    run: async ({ max }, p) => [await max.request('PROPFIND', p.cal('max.muster'), { depth: '0', body: `${XML}<D:propfind xmlns:D="DAV:">${'<D:x>'.repeat(200_000)}${'</D:x>'.repeat(200_000)}</D:propfind>` })],
  },
  {
    finding: '4', title: 'the same invitation UID PUT by two users', accept: [201],
    run: async ({ max, sandra }, p) => {
      const uid = fresh('invitation');
      return [
        await max.request('PUT', `${p.cal('max.muster')}${fresh('inv')}.ics`, { body: event(uid), contentType: ICS }),
        await sandra.request('PUT', `${p.cal('sandra.keller')}${fresh('inv')}.ics`, { body: event(uid), contentType: ICS }),
      ];
    },
    check: (answers) => (answers.some((a) => a.text.includes('max.muster')) ? "an answer to sandra names max's href" : null),
  },
  {
    finding: '4', title: "a colleague's future default name taken in advance", accept: [403],
    run: async ({ max }, p) => [await max.request('PUT', `${p.cal('max.muster')}${p.nextAppointmentName}`, { body: event(fresh('squat')), contentType: ICS })],
  },
  {
    finding: '5', title: 'END:VALARM after END:VEVENT (accepted by ical.js, not by the renderer)', accept: [400],
    run: async ({ max }, p) => [await max.request('PUT', `${p.cal('max.muster')}${fresh('poison')}.ics`, {
      body: event(fresh('u'), ['BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-PT15M', 'END:VEVENT', 'END:VALARM']).replace('END:VEVENT\r\nEND:VCALENDAR', 'END:VCALENDAR'), contentType: ICS,
    })],
  },
  {
    finding: '6', title: 'SUMMARY of 300 characters, last name of 150', accept: [201],
    run: async ({ max }, p) => [
      await max.request('PUT', `${p.cal('max.muster')}${fresh('long')}.ics`, { body: event(fresh('u'), [], 'S'.repeat(300)), contentType: ICS }),
      await max.request('PUT', `${p.book('max.muster')}${fresh('long')}.vcf`, { body: card(fresh('u'), [], 'L'.repeat(150)), contentType: VCF }),
    ],
  },
  {
    finding: '7', title: 'control characters (U+000B, U+0007) in a vCard, then a listing', accept: [201, 207],
    run: async ({ max }, p) => [
      await max.request('PUT', `${p.book('max.muster')}${fresh('ctl')}.vcf`, { body: card(fresh('u'), ['NOTE:bell\u0007 tab\u000b end']), contentType: VCF }),
      await max.request('REPORT', p.book('max.muster'), { depth: '1', body: `${XML}<D:sync-collection ${NS}><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/><A:address-data/></D:prop></D:sync-collection>` }),
    ],
    check: (answers) => (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(answers[1]!.text) ? 'a control character XML cannot carry is in the answer' : null),
  },
  {
    finding: '8', title: "max's alarm on a shared appointment, then sandra's GET", accept: [200, 204],
    run: async ({ max, sandra }, p) => {
      const mine = await max.request('GET', `${p.cal('max.muster')}${p.sharedAppointment}`);
      const withAlarm = mine.text.replace('END:VEVENT', 'BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:privat\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\nEND:VEVENT');
      const put = await max.request('PUT', `${p.cal('max.muster')}${p.sharedAppointment}`, { body: withAlarm, contentType: ICS, headers: { 'If-Match': String(mine.headers.etag) } });
      return [put, await sandra.request('GET', `${p.cal('sandra.keller')}${p.sharedAppointment}`)];
    },
    check: (answers) => (answers[1]!.text.includes('VALARM') ? "max's alarm reached sandra" : null),
  },
  {
    finding: '9', title: 'object named "..", NUL byte, invalid UTF-8', accept: [400, 404, 405],
    run: async ({ max }, p) => [
      await max.request('PUT', `${p.cal('max.muster')}..`, { body: event(fresh('u')), contentType: ICS }),
      await max.request('PUT', `${p.book('max.muster')}${fresh('nul')}.vcf`, { body: card(fresh('u'), ['NOTE:a\u0000b']), contentType: VCF }),
      await max.request('PUT', `${p.book('max.muster')}${fresh('utf8')}.vcf`, { body: Buffer.concat([Buffer.from(card(fresh('u')).slice(0, 30)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\r\nEND:VCARD\r\n')]), contentType: VCF }),
    ],
  },
  {
    finding: '9', title: 'PROPPATCH of 200 × 10 KB dead properties', accept: [207],
    run: async ({ max }, p) => {
      const props = Array.from({ length: 200 }, (_, i) => `<X:p${i} xmlns:X="urn:x">${'v'.repeat(10_000)}</X:p${i}>`).join('');
      return [await max.request('PROPPATCH', p.cal('max.muster'), { body: `${XML}<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>${props}</D:prop></D:set></D:propertyupdate>` })];
    },
    check: ([a]) => (/507/.test(a!.text) ? null : 'the dead properties were not limited (no 507 in the multistatus)'),
  },
];
