import { dav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';
import { clientValue } from '../../propfind/deadProperties.ts';

/**
 * RFC 4918 §15.2 `displayname`. Every collection is called "BrokerStar" (the customer guide says
 * so); Outlook CalDav Synchronizer skips a calendar whose response has no displayname element.
 */
export const COLLECTION_DISPLAY_NAME = 'BrokerStar';

export const displayName: DavProperty = {
  name: dav('displayname'),
  inAllprop: true,
  appliesTo: (r) => r.type !== 'object' && r.type !== 'principals',
  get(r) {
    switch (r.type) {
      case 'collection':
        return clientValue(r, dav('displayname')) ?? COLLECTION_DISPLAY_NAME;
      case 'principal':
        return r.owner.displayName;
      case 'home':
        return r.homeOf === 'calendars' ? 'BrokerStar Kalender' : 'BrokerStar Adressbücher';
      default:
        return 'BrokerStar DAV';
    }
  },
};
