import { formatSyncToken } from '../../../../../domain/index.ts';
import { dav } from '../../xml/names.ts';
import type { DavResource } from '../../resources.ts';
import type { DavProperty } from '../DavProperty.ts';

/** The collection's current token: its last change as a URI (also served as the ctag). */
export function collectionToken(r: DavResource): string | undefined {
  if (r.type !== 'collection') return undefined;
  return formatSyncToken({ collectionId: r.collection.state.id, seq: r.collection.state.lastChangeSeq, afterObjectId: null });
}

/** RFC 6578 §4 `sync-token` property: a URI that changes whenever the collection changes. */
export const syncToken: DavProperty = {
  name: dav('sync-token'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection',
  get: collectionToken,
};
