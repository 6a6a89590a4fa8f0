import { carddav } from '../xml/names.ts';
import type { DavReport } from './DavReport.ts';
import { multiget } from './multiget.ts';
import { DistinctHrefs } from './multigetHrefs.ts';

/** RFC 6352 §8.7 `addressbook-multiget`. */
export const addressbookMultiget: DavReport = {
  name: carddav('addressbook-multiget'),
  feature: 'addressbook',
  appliesTo: (r) => r.type === 'collection' && r.kind === 'contacts',
  leaves: (req) => new DistinctHrefs(req.settings.limits.maxMultigetHrefs),
  handle: multiget,
};
