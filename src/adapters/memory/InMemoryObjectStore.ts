import { UidConflict, VersionConflict, type ObjectKind } from '../../domain/index.ts';
import { checkKeys, uidConflict } from '../shared/objectStoreRules.ts';
import type { ObjectStore, StoredObject } from '../../ports/index.ts';
import type { InMemoryDavTables, ObjectKindTable, ObjectRow } from './InMemoryDavTables.ts';

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

  async findByName(kind: ObjectKind, name: string): Promise<StoredObject | null> {
    const row = this.live(kind, this.table(kind).byName.get(name));
    return row ? toStored(row) : null;
  }

  async findByUid(kind: ObjectKind, uid: string): Promise<StoredObject | null> {
    const row = this.live(kind, this.table(kind).byUid.get(uid));
    return row ? toStored(row) : null;
  }

  async idsByNames(kind: ObjectKind, names: readonly string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    for (const name of names) {
      const row = this.live(kind, this.table(kind).byName.get(name));
      if (row) result.set(name, row.objectId);
    }
    return result;
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
    const others = holders(table, object);
    const live = others.find((r) => !r.deleted);
    if (live) throw uidConflict(object, live.name);
    if (expectedEtag !== undefined) {
      const own = table.rows.get(object.objectId);
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
      const others = holders(table, o);
      if (own ? others.length > 0 : others.some((r) => !r.deleted)) continue;
      for (const tombstone of others) deleteRow(table, tombstone.objectId);
      writeRow(table, o);
    }
  }

  async remove(kind: ObjectKind, objectId: number): Promise<void> {
    const table = this.table(kind);
    const row = table.rows.get(objectId);
    if (row) table.rows.set(objectId, { ...row, body: '', deleted: true });
  }

  private table(kind: ObjectKind): ObjectKindTable {
    return this.tables.objectsOf(kind);
  }

  private live(kind: ObjectKind, objectId: number | undefined): ObjectRow | null {
    const row = objectId === undefined ? undefined : this.table(kind).rows.get(objectId);
    return row && !row.deleted ? row : null;
  }
}

/** Rows of other objects holding the object's name or UID (at most two). */
function holders(table: ObjectKindTable, object: StoredObject): ObjectRow[] {
  const ids = new Set([table.byName.get(object.name), table.byUid.get(object.uid)]);
  ids.delete(undefined);
  ids.delete(object.objectId);
  return [...ids].map((id) => table.rows.get(id!)!);
}

function deleteRow(table: ObjectKindTable, objectId: number): void {
  const row = table.rows.get(objectId);
  if (!row) return;
  table.rows.delete(objectId);
  if (table.byName.get(row.name) === objectId) table.byName.delete(row.name);
  if (table.byUid.get(row.uid) === objectId) table.byUid.delete(row.uid);
}

/** Inserts or replaces the object's row (callers made sure no other row holds its name or UID). */
function writeRow(table: ObjectKindTable, o: StoredObject): void {
  deleteRow(table, o.objectId);
  table.rows.set(o.objectId, { ...toStored(o), deleted: false, spanIndex: spanOf(o) });
  table.byName.set(o.name, o.objectId);
  table.byUid.set(o.uid, o.objectId);
}

/** The time-span index `InMemorySyncIndex.listMembersInRange` reads, computed on every write like the database's. */
function spanOf(o: StoredObject): ObjectRow['spanIndex'] {
  if (o.kind === 'contact') return { known: false, start: null, end: null };
  const span = o.span;
  if (!span) return { known: false, start: null, end: null };
  return { known: true, start: span.start?.getTime() ?? null, end: span.end?.getTime() ?? null };
}

function toStored(r: StoredObject): StoredObject {
  return { kind: r.kind, objectId: r.objectId, name: r.name, uid: r.uid, body: r.body, etag: r.etag, crmVersion: r.crmVersion };
}


