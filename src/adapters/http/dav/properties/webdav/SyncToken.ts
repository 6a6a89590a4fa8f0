import { formatSyncToken } from '../../../../../domain/index.ts';
import { dav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 6578 §4 `sync-token` property: a URI that changes whenever the collection changes. */
export const syncToken: DavProperty = {
  name: dav('sync-token'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection',
  get: (r) =>
    r.type === 'collection'
      ? formatSyncToken({ collectionId: r.collection.state.id, seq: r.collection.state.lastChangeSeq, afterObjectId: null })
      : undefined,
};
