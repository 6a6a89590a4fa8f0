import { VersionConflict, type WriteForbidden } from '../domain/index.ts';
import type { StoredObject } from '../ports/index.ts';

/** HTTP-free preconditions of a write (RFC 7232 If-Match / If-None-Match). */
export interface WritePreconditions {
  /** ETags from If-Match (quoted), `'*'`, or `null` when absent. */
  readonly ifMatch: readonly string[] | '*' | null;
  /** `'*'` for If-None-Match: *, ETags for a list, `null` when absent. */
  readonly ifNoneMatch: readonly string[] | '*' | null;
}

/** A write refused by a domain rule on an existing object: rolled back, then republished. */
export class RefusedWrite extends Error {
  constructor(readonly objectId: number, override readonly cause: WriteForbidden) {
    super(cause.message);
  }
}

export function checkPreconditions(existing: StoredObject | null, pre: WritePreconditions): void {
  if (pre.ifNoneMatch === '*' && existing) throw new VersionConflict('The resource already exists (If-None-Match: *).');
  if (Array.isArray(pre.ifNoneMatch) && existing && pre.ifNoneMatch.includes(existing.etag)) {
    throw new VersionConflict('The resource matches If-None-Match.');
  }
  if (pre.ifMatch === '*' && !existing) throw new VersionConflict('The resource does not exist (If-Match: *).');
  if (Array.isArray(pre.ifMatch) && (!existing || !pre.ifMatch.includes(existing.etag))) {
    throw new VersionConflict('The resource was changed meanwhile (If-Match).');
  }
}
