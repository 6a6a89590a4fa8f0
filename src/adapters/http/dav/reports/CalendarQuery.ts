import { caldav, dav } from '../xml/names.ts';
import { child } from '../xml/parse.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { ObjectResource } from '../resources.ts';
import { propResponse } from '../multistatus.ts';
import { sendMultistatus } from '../respond.ts';
import { evaluate } from '../propfind/evaluate.ts';
import { propsOf, type PropRequest } from '../propfind/PropRequest.ts';
import { dataProvider } from './objectData.ts';
import { parseCalendarFilter, selectsAll } from './calendar/CalendarFilter.ts';
import { matchesCalendarFilter } from './calendar/matchCalendar.ts';
import type { DavReport } from './DavReport.ts';

/**
 * RFC 4791 §7.8 `calendar-query`: comp-filter, prop-filter, param-filter, text-match and
 * time-range, with recurring events matched by any occurrence (Outlook CalDav Synchronizer deletes
 * Outlook items whose series a query misses). Depth 1 (Outlook, DAVx5) and 0 are both accepted.
 */
export const calendarQuery: DavReport = {
  name: caldav('calendar-query'),
  feature: 'calendar-access',
  appliesTo: (r) => r.type === 'collection' && r.kind !== 'contacts',
  async handle(req, resource, body) {
    if (resource.type !== 'collection' || resource.kind === 'contacts') throw new DavHttpError(403, 'calendar-query works on calendars.');
    const filter = parseCalendarFilter(child(body, caldav('filter')));
    const prop = child(body, dav('prop'));
    const request: PropRequest = prop ? propsOf(prop) : { type: 'prop', names: [dav('getetag')], elements: new Map() };
    const component = resource.kind === 'tasks' ? 'VTODO' : 'VEVENT';
    const all = selectsAll(filter, component);
    const wantsData = request.type === 'prop' && request.names.includes(caldav('calendar-data'));
    const provider = dataProvider(req);
    const { collection, kind } = resource;
    async function* responses(): AsyncGenerator<string> {
      for await (const page of collection.list()) {
        const bodies = !all || wantsData ? await collection.getByIds(page.map((p) => p.objectId)) : null;
        for (const listed of page) {
          const stored = bodies?.get(listed.objectId);
          if (!all && (!stored || !matchesCalendarFilter(stored.body, filter, req.services.recurrence))) continue;
          const member: ObjectResource = {
            type: 'object',
            href: req.paths.object(req.user.login, kind, listed.name),
            kind,
            collection,
            name: listed.name,
            etag: stored?.etag ?? listed.etag,
            ...(stored ? { stored } : {}),
          };
          yield propResponse(member.href, evaluate(member, request, req, provider));
        }
      }
    }
    sendMultistatus(req, responses());
  },
};
