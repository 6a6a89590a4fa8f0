import { COMPONENT_OF } from '../../../../../application/naming.ts';
import { caldav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 4791 §5.2.3 `supported-calendar-component-set`: VEVENT for the calendar, VTODO for the task
 * list. Outlook CalDav Synchronizer ignores calendars without it and sorts them by its content.
 */
export const supportedCalendarComponentSet: DavProperty = {
  name: caldav('supported-calendar-component-set'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind !== 'contacts',
  get: (r) =>
    r.type === 'collection' && r.kind !== 'contacts' ? el(caldav('comp'), undefined, { name: COMPONENT_OF[r.kind] }) : undefined,
};
