import { caldav, carddav, dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 4918 §15.9 `resourcetype`; RFC 4791 §4.2 `calendar`, RFC 6352 §5.2 `addressbook`, RFC 3744 §4 `principal`. */
export const resourceType: DavProperty = {
  name: dav('resourcetype'),
  inAllprop: true,
  appliesTo: () => true,
  get(r) {
    switch (r.type) {
      case 'object':
        return [];
      case 'principal':
        return [el(dav('collection')), el(dav('principal'))];
      case 'collection':
        return [el(dav('collection')), el(r.kind === 'contacts' ? carddav('addressbook') : caldav('calendar'))];
      default:
        return el(dav('collection'));
    }
  },
};
