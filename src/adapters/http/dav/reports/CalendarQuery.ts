import { COMPONENT_OF } from '../../../../application/naming.ts';
import { caldav, dav } from '../xml/names.ts';
import { child } from '../xml/parse.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { ObjectResource } from '../resources.ts';
import { propResponse } from '../multistatus.ts';
import { sendMultistatus } from '../respond.ts';
import { evaluate } from '../propfind/evaluate.ts';
import { propsOf, type PropRequest } from '../propfind/PropRequest.ts';
import { dataProvider } from './objectData.ts';
import { parseCalendarFilter, prefilterRange, selectsAll } from './calendar/CalendarFilter.ts';
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
    const component = COMPONENT_OF[resource.kind];
    const all = selectsAll(filter, component);
    const wantsData = request.type === 'prop' && request.names.includes(caldav('calendar-data'));
    const provider = dataProvider(req);
    const { collection, kind } = resource;
    const member = (name: string, etag: string, stored: ObjectResource['stored']): ObjectResource => ({
      type: 'object',
      href: req.paths.object(req.user.login, kind, name),
      kind,
      collection,
      name,
      etag,
      ...(stored ? { stored } : {}),
    });
    async function* responses(): AsyncGenerator<string> {
      if (all && !wantsData) {
        // Outlook's VTODO listing and plain etag listings: no body is needed at all.
        for await (const page of collection.list()) {
          for (const listed of page) {
            const m = member(listed.name, listed.etag, undefined);
            yield propResponse(m.href, evaluate(m, request, req, provider));
          }
        }
        return;
      }
      // The time-span index narrows the candidates in SQL; the exact §9.9 test follows per object.
      for await (const page of collection.objectPages(all ? null : prefilterRange(filter, component))) {
        for (const stored of page) {
          if (!all && !req.services.calendarQuery.matches(stored.body, filter, req.recurrenceAllowance)) continue;
          const m = member(stored.name, stored.etag, stored);
          yield propResponse(m.href, evaluate(m, request, req, provider));
        }
      }
    }
    await sendMultistatus(req, responses());
  },
};
