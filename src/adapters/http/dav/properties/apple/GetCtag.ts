import { cs } from '../../xml/names.ts';
import { collectionToken } from '../webdav/SyncToken.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * CalendarServer `getctag` (caldav-ctag-02): changes whenever the collection does. Older macOS
 * Contacts requests no vCards at all without it. Same value as the sync token.
 */
export const getCtag: DavProperty = {
  name: cs('getctag'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection',
  get: collectionToken,
};
