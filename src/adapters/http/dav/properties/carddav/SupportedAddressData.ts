import { carddav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 6352 §6.2.2 `supported-address-data`: vCard 3.0 (the default we serve: macOS Contacts drops
 * 4.0 cards) and 4.0 (on request). DAVx5 uploads 4.0 when it sees 4.0 here; we accept both.
 */
export const supportedAddressData: DavProperty = {
  name: carddav('supported-address-data'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' && r.kind === 'contacts',
  get: () => [
    el(carddav('address-data-type'), undefined, { 'content-type': 'text/vcard', version: '3.0' }),
    el(carddav('address-data-type'), undefined, { 'content-type': 'text/vcard', version: '4.0' }),
  ],
};
