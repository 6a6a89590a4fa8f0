import { caldav } from '../xml/names.ts';
import type { DavReport } from './DavReport.ts';
import { multiget } from './multiget.ts';
import { DistinctHrefs } from './multigetHrefs.ts';

/** RFC 4791 §7.9 `calendar-multiget`. */
export const calendarMultiget: DavReport = {
  name: caldav('calendar-multiget'),
  feature: 'calendar-access',
  appliesTo: (r) => r.type === 'collection' && r.kind !== 'contacts',
  leaves: (req) => new DistinctHrefs(req.settings.limits.maxMultigetHrefs),
  handle: multiget,
};
