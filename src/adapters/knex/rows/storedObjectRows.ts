import type { ObjectKind } from '../../../domain/index.ts';
import type { StoredObject } from '../../../ports/index.ts';
import { toId } from '../sqlValues.ts';

/** A `dav_objects` row (at least kind, object_id, name, uid, body, etag, crm_version, scope) as a StoredObject. */
export function storedObjectFromRow(r: Record<string, unknown>): StoredObject {
  const namedBy = Number(r.scope ?? 0);
  return {
    kind: r.kind as ObjectKind, objectId: toId(r.object_id), name: String(r.name), uid: String(r.uid),
    body: String(r.body ?? ''), etag: String(r.etag), crmVersion: Number(r.crm_version), ...(namedBy ? { namedBy } : {}),
  };
}
