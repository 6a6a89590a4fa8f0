import { formatSyncToken } from '../../../../../domain/index.ts';
import { cs } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * CalendarServer `getctag` (caldav-ctag-02): changes whenever the collection does. Older macOS
 * Contacts requests no vCards at all without it. Same value as the sync token.
 */
export const getCtag: DavProperty = {
  name: cs('getctag'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection',
  get: (r) =>
    r.type === 'collection'
      ? formatSyncToken({ collectionId: r.collection.state.id, seq: r.collection.state.lastChangeSeq, afterObjectId: null })
      : undefined,
};
