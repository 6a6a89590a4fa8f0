import { carddav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';
import { clientValue } from '../../propfind/deadProperties.ts';

/** RFC 6352 §6.2.1 `addressbook-description`. */
export const addressbookDescription: DavProperty = {
  name: carddav('addressbook-description'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind === 'contacts',
  get: (r) =>
    r.type === 'collection' ? (clientValue(r, carddav('addressbook-description')) ?? 'Ihre BrokerStar Kontakte') : undefined,
};
