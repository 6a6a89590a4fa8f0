import { caldav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 4791 §5.2.4 `supported-calendar-data`: iCalendar 2.0. */
export const supportedCalendarData: DavProperty = {
  name: caldav('supported-calendar-data'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind !== 'contacts',
  get: () => el(caldav('calendar-data'), undefined, { 'content-type': 'text/calendar', version: '2.0' }),
};
