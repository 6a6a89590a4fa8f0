import { caldav, dav } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { DavMethod } from './DavMethod.ts';

/**
 * MKCOL (RFC 4918 §9.3, RFC 5689) and MKCALENDAR (RFC 4791 §5.3.1): BrokerStar offers exactly one
 * collection per kind, so creating collections is refused with the RFC's precondition. (macOS may
 * try to create a calendar during setup, sabre-io/dav#1477; it carries on after a 403.)
 */
export const MKCALENDAR: DavMethod = {
  name: 'MKCALENDAR',
  allowedOn: (path) => path.type === 'calendar-home' || path.type === 'unknown',
  async handle() {
    throw new DavHttpError(403, 'BrokerStar offers exactly one calendar and one task list.', el(caldav('calendar-collection-location-ok')));
  },
};

export const MKCOL: DavMethod = {
  name: 'MKCOL',
  allowedOn: (path) => path.type === 'calendar-home' || path.type === 'addressbook-home',
  async handle() {
    throw new DavHttpError(403, 'BrokerStar offers exactly one collection per kind.', el(dav('resource-must-be-null')));
  },
};
