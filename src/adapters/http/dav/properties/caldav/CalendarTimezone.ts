import { caldav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 4791 §5.2.2 `calendar-timezone`: BrokerStar is a Swiss product; floating times and
 * date-only values are meant in Europe/Zurich.
 */
const ZURICH = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//BrokerStar//BrokerStar DAV//DE',
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Zurich',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19810329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
  'END:VCALENDAR',
  '',
].join('\r\n');

export const calendarTimezone: DavProperty = {
  name: caldav('calendar-timezone'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind !== 'contacts',
  get: () => ZURICH,
};
