import { caldav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 4791 §5.2.8 `max-instances`: the most recurrence instances an object may generate. A PUT
 * with a larger COUNT is refused (403 CALDAV:max-instances), an `expand` beyond it answers 507
 * for that object (`Limits.maxInstances`).
 */
export const maxInstances: DavProperty = {
  name: caldav('max-instances'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind !== 'contacts',
  get: (_r, req) => String(req.settings.limits.maxInstances),
};
