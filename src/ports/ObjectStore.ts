import type { ObjectKind } from '../domain/index.ts';

/**
 * The representation of a CRM object that DAV clients see: its resource name, UID, the iCalendar or
 * vCard text last served or received (which keeps what BrokerStar does not model: alarms,
 * recurrence exceptions, X- properties, photos, …) and its ETag.
 */
export interface StoredObject {
  readonly kind: ObjectKind;
  readonly objectId: number;
  /** Resource name inside the collection, e.g. `3f2c….ics`; unique per kind. */
  readonly name: string;
  /** UID inside the data; unique per kind. */
  readonly uid: string;
  readonly body: string;
  /** Strong ETag including the quotes, e.g. `"9f86d08188"`. */
  readonly etag: string;
  /** The CRM version the body was rendered from or stored at. */
  readonly crmVersion: number;
}

export interface ObjectStore {
  getMany(kind: ObjectKind, objectIds: readonly number[]): Promise<Map<number, StoredObject>>;
  /** The object with this resource name, or `null`. */
  findByName(kind: ObjectKind, name: string): Promise<StoredObject | null>;
  /** The object carrying this UID, or `null`. */
  findByUid(kind: ObjectKind, uid: string): Promise<StoredObject | null>;
  /**
   * Inserts or replaces the representation of (kind, objectId).
   * Throws `UidConflict` when another object of the kind already has the UID or the name.
   */
  save(object: StoredObject): Promise<void>;
  /** Forgets the representation (the object was deleted). */
  remove(kind: ObjectKind, objectId: number): Promise<void>;
}
