import { caldav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';
import { clientValue } from '../../propfind/deadProperties.ts';

/** RFC 4791 §5.2.1 `calendar-description`. */
export const calendarDescription: DavProperty = {
  name: caldav('calendar-description'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind !== 'contacts',
  get: (r) =>
    r.type === 'collection'
      ? (clientValue(r, caldav('calendar-description')) ??
        (r.kind === 'tasks' ? 'Ihre BrokerStar Aufgaben' : 'Ihre BrokerStar Termine'))
      : undefined,
};
