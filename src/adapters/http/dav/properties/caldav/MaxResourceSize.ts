import { caldav, carddav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 4791 §5.2.5 and RFC 6352 §6.2.3 `max-resource-size`: the PUT body limit in octets. */
export const calendarMaxResourceSize: DavProperty = {
  name: caldav('max-resource-size'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind !== 'contacts',
  get: (_r, req) => String(req.settings.maxResourceSize),
};

export const addressbookMaxResourceSize: DavProperty = {
  name: carddav('max-resource-size'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind === 'contacts',
  get: (_r, req) => String(req.settings.maxResourceSize),
};
