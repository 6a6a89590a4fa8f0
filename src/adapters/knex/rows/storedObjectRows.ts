import type { ObjectKind } from '../../../domain/index.ts';
import type { StoredObject } from '../../../ports/index.ts';
import { toId } from '../sqlValues.ts';

type Row = Record<string, unknown>;

/** A `dav_objects` row (at least kind, object_id, name, uid, body, etag, crm_version, scope) as a StoredObject. */
export function storedObjectFromRow(r: Row): StoredObject {
  return storedObjectWith({ kind: r.kind as ObjectKind, objectId: toId(r.object_id), name: String(r.name), etag: String(r.etag), crmVersion: Number(r.crm_version) }, r);
}

/**
 * A StoredObject from fields the caller has read already (a member listing), completed with the
 * row's `uid`, `body` and `scope`: no copy of the row (a Thunderbird multiget lists 100 000).
 */
export function storedObjectWith(known: Pick<StoredObject, 'kind' | 'objectId' | 'name' | 'etag' | 'crmVersion'>, r: Row): StoredObject {
  const namedBy = Number(r.scope ?? 0);
  // Written out (no spreads): a Thunderbird multiget builds one per card.
  const object = { kind: known.kind, objectId: known.objectId, name: known.name, uid: String(r.uid), body: String(r.body ?? ''), etag: known.etag, crmVersion: known.crmVersion };
  return namedBy ? { ...object, namedBy } : object;
}
