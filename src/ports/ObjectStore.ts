import type { ObjectKind } from '../domain/index.ts';
import type { TimeRange } from './Codecs.ts';

/**
 * The representation of a CRM object that DAV clients see: its resource name, UID, the iCalendar or
 * vCard text last served or received (which keeps what BrokerStar does not model: alarms,
 * recurrence exceptions, X- properties, photos, …) and its ETag.
 */
export interface StoredObject {
  readonly kind: ObjectKind;
  readonly objectId: number;
  /** Resource name inside the collection, e.g. `3f2c….ics`; unique per kind and namespace. */
  readonly name: string;
  /** UID inside the data; unique per kind and namespace. */
  readonly uid: string;
  readonly body: string;
  /** Strong ETag including the quotes, e.g. `"9f86d08188"`. */
  readonly etag: string;
  /** The CRM version the body was rendered from or stored at. */
  readonly crmVersion: number;
  /**
   * Calendar objects: the hull of their instances (`CalendarCodec.timeSpan`), computed by the caller
   * before any transaction; absent: unknown, so the object is a candidate for every time range.
   */
  readonly span?: TimeRange | null;
  /**
   * The namespace of name and UID: the user whose device chose them when it created the object;
   * absent for BrokerStar's default names. Devices of different users may use the same name or UID
   * for different objects; a name or UID is unique only within one namespace. Fixed when the object
   * is first stored (a colleague editing a shared appointment does not move it).
   */
  readonly namedBy?: number;
}

/**
 * One user's private parts of a calendar object several users see (`CalendarCodec.splitPrivateParts`),
 * with the body that user's device sent and the ETag of the shared object it was split from: while
 * the shared object is unchanged, that user gets exactly the bytes the device sent.
 */
export interface PrivateParts {
  readonly parts: string;
  readonly original: string;
  readonly basisEtag: string;
}

/**
 * Stored representations. A deleted object leaves a tombstone (its name) so that other users' next
 * sync can still report the deletion by href; tombstones are invisible to every lookup except
 * `namesOf`, and a new object may take over a tombstone's name or UID.
 */
export interface ObjectStore {
  /** Live representations of the given objects (missing ones are left out). */
  getMany(kind: ObjectKind, objectIds: readonly number[]): Promise<Map<number, StoredObject>>;
  /** The live object with this resource name in the namespace (default: BrokerStar's), or `null`. */
  findByName(kind: ObjectKind, name: string, namedBy?: number): Promise<StoredObject | null>;
  /** The live object carrying this UID in the namespace (default: BrokerStar's), or `null`. */
  findByUid(kind: ObjectKind, uid: string, namedBy?: number): Promise<StoredObject | null>;
  /** Ids (ascending) of the live objects with each resource name, in every namespace (unknown names are left out). */
  idsByNames(kind: ObjectKind, names: readonly string[]): Promise<Map<string, number[]>>;
  /** Ids (ascending) of the live objects carrying this UID, in every namespace. */
  idsByUid(kind: ObjectKind, uid: string): Promise<number[]>;
  /** `idsByNames` and `idsByUid` at once (a device's PUT needs both; on MySQL one round trip). */
  idsByNamesAndUid(kind: ObjectKind, names: readonly string[], uid: string): Promise<{ byName: Map<string, number[]>; byUid: number[] }>;
  /** Resource names of the given objects, tombstones included (missing ones are left out). */
  namesOf(kind: ObjectKind, objectIds: readonly number[]): Promise<Map<number, string>>;
  /**
   * Inserts or replaces the representation of (kind, objectId), replacing any tombstone with the
   * same name or UID in its namespace. Throws `UidConflict` when another live object of the kind
   * already has the UID or the name in that namespace.
   *
   * With `expectedEtag`, the write is a compare-and-swap: it happens only while the live row still
   * carries that ETag (waiting for a concurrent writer's commit on MySQL), otherwise
   * `VersionConflict` is thrown. This is what makes two clients writing with the same If-Match
   * end with one winner and one 412.
   */
  save(object: StoredObject, expectedEtag?: string): Promise<void>;
  /**
   * Saves representations rendered from the CRM (in batches: a first listing of a large address
   * book renders thousands). A row whose stored CRM version is already the same or newer is left
   * alone (a concurrent device write wins). `storedIds`: objects the caller has just read a live
   * row of (the one they were rendered over); an adapter may skip looking for their rows.
   */
  saveRendered(objects: readonly StoredObject[], storedIds?: ReadonlySet<number>): Promise<void>;
  /** Turns the representation into a tombstone (the object was deleted); its private parts go with it. */
  remove(kind: ObjectKind, objectId: number): Promise<void>;
  /** One user's private parts of the given objects; objects without any are left out. */
  privateParts(kind: ObjectKind, userId: number, objectIds: readonly number[]): Promise<Map<number, PrivateParts>>;
  /** Stores (or with `null` removes) one user's private parts of an object. */
  savePrivateParts(kind: ObjectKind, objectId: number, userId: number, parts: PrivateParts | null): Promise<void>;
}
