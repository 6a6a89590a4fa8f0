import { UidConflict, VersionConflict, type ObjectKind } from '../../domain/index.ts';
import { checkKeys, uidConflict } from '../shared/objectStoreRules.ts';
import type { ObjectStore, PrivateParts, StoredObject } from '../../ports/index.ts';
import { scopedKey, type InMemoryDavTables, type ObjectKindTable, type ObjectRow } from './InMemoryDavTables.ts';

/** The column width of `name` and `uid` in the database, enforced alike so both stores accept the same. */

/**
 * {@link ObjectStore} on {@link InMemoryDavTables}; behaves like `KnexObjectStore`: a removed object
 * keeps its row as a tombstone that only `namesOf` sees, a new object takes over a tombstone's name
 * or UID, a live holder of either is a {@link UidConflict}, and `save` with an ETag is a
 * compare-and-swap. Each method changes the tables only after all its checks passed, so a failed
 * call leaves nothing half-written (the database gets this from its transaction).
 */
export class InMemoryObjectStore implements ObjectStore {
  constructor(private readonly tables: InMemoryDavTables) {}

  async getMany(kind: ObjectKind, objectIds: readonly number[]): Promise<Map<number, StoredObject>> {
    const result = new Map<number, StoredObject>();
    for (const id of objectIds) {
      const row = this.live(kind, id);
      if (row) result.set(id, toStored(row));
    }
    return result;
  }

  async findByName(kind: ObjectKind, name: string, namedBy = 0): Promise<StoredObject | null> {
    const row = this.live(kind, this.table(kind).byName.get(scopedKey(namedBy, name)));
    return row ? toStored(row) : null;
  }

  async findByUid(kind: ObjectKind, uid: string, namedBy = 0): Promise<StoredObject | null> {
    const row = this.live(kind, this.table(kind).byUid.get(scopedKey(namedBy, uid)));
    return row ? toStored(row) : null;
  }

  async idsByNames(kind: ObjectKind, names: readonly string[]): Promise<Map<string, number[]>> {
    const wanted = new Set(names);
    const result = new Map<string, number[]>();
    for (const row of this.liveRows(kind)) {
      if (wanted.has(row.name)) result.set(row.name, [...(result.get(row.name) ?? []), row.objectId]);
    }
    return result;
  }

  async idsByUid(kind: ObjectKind, uid: string): Promise<number[]> {
    return this.liveRows(kind).filter((r) => r.uid === uid).map((r) => r.objectId);
  }

  async idsByNamesAndUid(kind: ObjectKind, names: readonly string[], uid: string): Promise<{ byName: Map<string, number[]>; byUid: number[] }> {
    return { byName: await this.idsByNames(kind, names), byUid: await this.idsByUid(kind, uid) };
  }

  /** Live rows ascending by object id (the memory store is for tests: a scan is fine). */
  private liveRows(kind: ObjectKind): ObjectRow[] {
    return [...this.table(kind).rows.values()].filter((r) => !r.deleted).sort((a, b) => a.objectId - b.objectId);
  }

  async namesOf(kind: ObjectKind, objectIds: readonly number[]): Promise<Map<number, string>> {
    const result = new Map<number, string>();
    for (const id of objectIds) {
      const row = this.table(kind).rows.get(id);
      if (row) result.set(id, row.name);
    }
    return result;
  }

  async save(object: StoredObject, expectedEtag?: string): Promise<void> {
    checkKeys(object);
    const table = this.table(object.kind);
    const own = table.rows.get(object.objectId);
    object = inNamespaceOf(own, object);
    const others = holders(table, object);
    const live = others.find((r) => !r.deleted);
    if (live) throw uidConflict(object, live.name);
    if (expectedEtag !== undefined) {
      if (!own || own.deleted || own.etag !== expectedEtag) throw new VersionConflict('The object was changed by someone else meanwhile.');
    }
    for (const tombstone of others) deleteRow(table, tombstone.objectId);
    writeRow(table, object);
  }

  /**
   * As `KnexObjectStore.saveRendered`: a row as new or newer is kept (a device write won), and a
   * rendered object whose name or UID another row holds is skipped (rendered again next time) —
   * except that a new row may take over tombstones, as an insert there does.
   */
  async saveRendered(objects: readonly StoredObject[]): Promise<void> {
    for (const o of objects) {
      const table = this.table(o.kind);
      const own = table.rows.get(o.objectId);
      if (own && !own.deleted && own.crmVersion >= o.crmVersion) continue;
      const scoped = inNamespaceOf(own, o);
      const others = holders(table, scoped);
      if (own ? others.length > 0 : others.some((r) => !r.deleted)) continue;
      for (const tombstone of others) deleteRow(table, tombstone.objectId);
      writeRow(table, scoped);
    }
  }

  async remove(kind: ObjectKind, objectId: number): Promise<void> {
    const table = this.table(kind);
    const row = table.rows.get(objectId);
    if (row) table.rows.set(objectId, { ...row, body: '', deleted: true });
    table.privateParts.delete(objectId);
  }

  async privateParts(kind: ObjectKind, userId: number, objectIds: readonly number[]): Promise<Map<number, PrivateParts>> {
    const result = new Map<number, PrivateParts>();
    for (const id of objectIds) {
      const parts = this.table(kind).privateParts.get(id)?.get(userId);
      if (parts !== undefined) result.set(id, parts);
    }
    return result;
  }

  async savePrivateParts(kind: ObjectKind, objectId: number, userId: number, parts: PrivateParts | null): Promise<void> {
    const all = this.table(kind).privateParts;
    let users = all.get(objectId);
    if (!users) all.set(objectId, (users = new Map()));
    if (parts === null) users.delete(userId);
    else users.set(userId, parts);
  }

  private table(kind: ObjectKind): ObjectKindTable {
    return this.tables.objectsOf(kind);
  }

  private live(kind: ObjectKind, objectId: number | undefined): ObjectRow | null {
    const row = objectId === undefined ? undefined : this.table(kind).rows.get(objectId);
    return row && !row.deleted ? row : null;
  }
}

/** Rows of other objects holding the object's name or UID in its namespace (at most two). */
function holders(table: ObjectKindTable, object: StoredObject): ObjectRow[] {
  const ids = new Set([table.byName.get(scopedKey(object.namedBy, object.name)), table.byUid.get(scopedKey(object.namedBy, object.uid))]);
  ids.delete(undefined);
  ids.delete(object.objectId);
  return [...ids].map((id) => table.rows.get(id!)!);
}

function deleteRow(table: ObjectKindTable, objectId: number): void {
  const row = table.rows.get(objectId);
  if (!row) return;
  table.rows.delete(objectId);
  const name = scopedKey(row.namedBy, row.name);
  const uid = scopedKey(row.namedBy, row.uid);
  if (table.byName.get(name) === objectId) table.byName.delete(name);
  if (table.byUid.get(uid) === objectId) table.byUid.delete(uid);
}

/** Inserts or replaces the object's row (callers made sure no other row holds its name or UID). */
function writeRow(table: ObjectKindTable, o: StoredObject): void {
  deleteRow(table, o.objectId);
  table.rows.set(o.objectId, { ...toStored(o), deleted: false, spanIndex: spanOf(o) });
  table.byName.set(scopedKey(o.namedBy, o.name), o.objectId);
  table.byUid.set(scopedKey(o.namedBy, o.uid), o.objectId);
}

/** The object in the namespace its row was first stored in (a row's `namedBy` never changes). */
function inNamespaceOf(own: ObjectRow | undefined, o: StoredObject): StoredObject {
  if (!own) return o;
  const { namedBy: _given, ...rest } = o;
  return own.namedBy ? { ...rest, namedBy: own.namedBy } : rest;
}

/** The time-span index `InMemorySyncIndex.listMembersInRange` reads, computed on every write like the database's. */
function spanOf(o: StoredObject): ObjectRow['spanIndex'] {
  if (o.kind === 'contact') return { known: false, start: null, end: null };
  const span = o.span;
  if (!span) return { known: false, start: null, end: null };
  return { known: true, start: span.start?.getTime() ?? null, end: span.end?.getTime() ?? null };
}

/** The StoredObject fields of a row (or of an object with more fields). */
export function toStored(r: StoredObject): StoredObject {
  return {
    kind: r.kind, objectId: r.objectId, name: r.name, uid: r.uid, body: r.body, etag: r.etag, crmVersion: r.crmVersion,
    ...(r.namedBy ? { namedBy: r.namedBy } : {}),
  };
}


