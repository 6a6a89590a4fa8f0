import { ical } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';
import { clientValue } from '../../propfind/deadProperties.ts';

/**
 * Apple `calendar-color` (#RRGGBBAA). Outlook CalDav Synchronizer reads it when ≥ 7 characters;
 * a colour set by a client (PROPPATCH) wins over BrokerStar's default.
 */
const DEFAULT_COLOR = { calendar: '#0B6BBFFF', tasks: '#E07A10FF' } as const;

export const calendarColor: DavProperty = {
  name: ical('calendar-color'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind !== 'contacts',
  get: (r) =>
    r.type === 'collection' && r.kind !== 'contacts' ? (clientValue(r, ical('calendar-color')) ?? DEFAULT_COLOR[r.kind]) : undefined,
};
