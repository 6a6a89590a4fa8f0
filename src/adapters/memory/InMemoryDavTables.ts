import type { ObjectKind, SyncKind } from '../../domain/index.ts';
import type { PrivateParts, StoredObject } from '../../ports/index.ts';

/** A `dav_objects` row: a live representation, or a tombstone (`deleted`, body dropped). */
export interface ObjectRow extends Omit<StoredObject, 'span'> {
  readonly deleted: boolean;
  /** Time-span index of calendar bodies (ms since epoch, `null` = unbounded); `known` false for contacts. */
  readonly spanIndex: { readonly known: boolean; readonly start: number | null; readonly end: number | null };
}

/**
 * The rows of one kind with the two unique keys of `dav_objects` (name, UID per kind and namespace,
 * keyed by {@link scopedKey}), which cover tombstones too: within a namespace a name or UID belongs
 * to at most one row of the kind.
 */
export interface ObjectKindTable {
  readonly rows: Map<number, ObjectRow>;
  readonly byName: Map<string, number>;
  readonly byUid: Map<string, number>;
  /** `dav_private_parts`: object id → user id → that user's private parts. */
  readonly privateParts: Map<number, Map<number, PrivateParts>>;
}

/** The key of a name or UID in the unique maps: namespaces (`StoredObject.namedBy`) keep them apart. */
export function scopedKey(namedBy: number | undefined, value: string): string {
  return `${namedBy ?? 0}\u0000${value}`;
}

/** A `dav_collections` row. */
export interface CollectionRow {
  readonly id: number;
  readonly userId: number;
  readonly kind: SyncKind;
  /** -1 until the collection was built the first time. */
  syncedSeq: number;
  lastChangeSeq: number;
  tokenFloorSeq: number;
}

/** A `dav_collection_members` row. */
export interface MemberRow {
  present: boolean;
  changedSeq: number;
}

interface Tables {
  objects: Map<ObjectKind, ObjectKindTable>;
  /** Key `${userId}:${kind}`. */
  collections: Map<string, CollectionRow>;
  /** Collection id → object id → membership. */
  members: Map<number, Map<number, MemberRow>>;
  /** Collection id → property name → value. */
  properties: Map<number, Map<string, string>>;
  lastCollectionId: number;
}

/** Opaque copy of the tables for {@link InMemoryDavTables.restore}. */
export type DavTablesSnapshot = { readonly tables: unknown };

function emptyTables(): Tables {
  return { objects: new Map(), collections: new Map(), members: new Map(), properties: new Map(), lastCollectionId: 0 };
}

/**
 * The DAV side's own tables (`dav_objects`, `dav_collections`, `dav_collection_members`,
 * `dav_collection_properties`) in process memory, shared by `InMemoryObjectStore` and
 * `InMemorySyncIndex` (the index lists stored names and ETags next to its members).
 */
export class InMemoryDavTables {
  private t: Tables = emptyTables();

  objectsOf(kind: ObjectKind): ObjectKindTable {
    let table = this.t.objects.get(kind);
    if (!table) this.t.objects.set(kind, (table = { rows: new Map(), byName: new Map(), byUid: new Map(), privateParts: new Map() }));
    return table;
  }

  collection(userId: number, kind: SyncKind): CollectionRow | undefined {
    return this.t.collections.get(`${userId}:${kind}`);
  }

  /** Creates the collection row (not built yet: `syncedSeq` -1). */
  createCollection(userId: number, kind: SyncKind): CollectionRow {
    const row: CollectionRow = { id: ++this.t.lastCollectionId, userId, kind, syncedSeq: -1, lastChangeSeq: 0, tokenFloorSeq: 0 };
    this.t.collections.set(`${userId}:${kind}`, row);
    return row;
  }

  /** The members of a collection, for reading (empty for unknown ids; reads never create rows). */
  members(collectionId: number): ReadonlyMap<number, MemberRow> {
    return this.t.members.get(collectionId) ?? new Map();
  }

  /** The members of a collection, for writing. */
  membersOf(collectionId: number): Map<number, MemberRow> {
    let members = this.t.members.get(collectionId);
    if (!members) this.t.members.set(collectionId, (members = new Map()));
    return members;
  }

  properties(collectionId: number): ReadonlyMap<string, string> {
    return this.t.properties.get(collectionId) ?? new Map();
  }

  propertiesOf(collectionId: number): Map<string, string> {
    let props = this.t.properties.get(collectionId);
    if (!props) this.t.properties.set(collectionId, (props = new Map()));
    return props;
  }

  snapshot(): DavTablesSnapshot {
    return { tables: structuredClone(this.t) };
  }

  /** Adapters look rows up through this object on every call, so replacing the tables is enough. */
  restore(s: DavTablesSnapshot): void {
    this.t = structuredClone(s.tables) as Tables;
  }
}
