import type { CollectionOwner, SyncKind, ObjectKind } from '../domain/index.ts';
import type { TimeRange } from './Codecs.ts';
import type { StoredObject } from './ObjectStore.ts';

/** One user's collection of one kind ("BrokerStar" address book, calendar or task list). */
export interface CollectionKey {
  readonly userId: number;
  readonly kind: SyncKind;
}

export interface CollectionState {
  readonly id: number;
  readonly userId: number;
  readonly kind: SyncKind;
  /** Journal sequence number up to which the membership has been brought up to date. */
  readonly syncedSeq: number;
  /** Sequence number of the last change to the collection's content; the ctag and sync token. */
  readonly lastChangeSeq: number;
  /** Tokens below this sequence number are no longer valid (membership rebuilt or compacted). */
  readonly tokenFloorSeq: number;
}

/**
 * The journal's sequence and one collection's row as a single lock-free read found them
 * (`SignInRead.behind`): where a refresh of that collection can start without reading them again.
 */
export interface CollectionSnapshot {
  readonly key: CollectionKey;
  /** The highest journal sequence number committed at the read. */
  readonly seq: number;
  /** Journal entries up to this number had been pruned at the read. */
  readonly prunedSeq: number;
  /** `null`: the collection had no row yet. */
  readonly state: CollectionState | null;
  /**
   * The owner's contact scope and teams as the same read found them, when it read them (the
   * sign-in does): a refresh from this snapshot then need not read them again.
   */
  readonly owner?: CollectionOwner;
}

/** A present member of a collection with what is needed to list it. */
export interface MemberListing {
  readonly objectId: number;
  /**
   * Stored representation, or `null` when none is stored yet. `shadowed`: another member of this
   * collection with a lower object id has the same stored name (devices of two users named two
   * objects alike, and both became visible here); this one is then served under its default name.
   */
  readonly stored: { readonly name: string; readonly etag: string; readonly crmVersion: number; readonly shadowed: boolean } | null;
  /** Current CRM version; the stored representation is stale when it differs. */
  readonly crmVersion: number;
  /** The stored representation in full, when the listing was asked for bodies (`listMembersByIds`). */
  readonly object?: StoredObject;
}

export interface MemberChange {
  readonly objectId: number;
  /** false: the object left the collection (deleted, unassigned, no longer visible). */
  readonly present: boolean;
  readonly changedSeq: number;
}

/**
 * The DAV side's index of which objects each user's collections hold, kept up to date from the
 * change journal that the database's triggers (and the DAV write path) fill. All state is in the
 * database, so any number of server instances can share it.
 *
 * Contract:
 * - `refresh` is idempotent and safe to call concurrently from several instances; its cost
 *   follows the number of journal entries since the previous refresh, except for entries that
 *   change who sees what broadly (scope, team, group changes), which re-evaluate that collection.
 * - Sequence numbers only grow and are assigned in commit order.
 */
export interface SyncIndex {
  /** The highest journal sequence number committed so far (0 when empty). */
  currentSeq(): Promise<number>;
  /**
   * Brings the collection's membership up to date and returns its state (creating it if needed).
   * `seen`: this request's own lock-free read of the collection moments ago (`SignInRead.behind`),
   * so an adapter with a lock-free first phase need not read it again. Only a starting point: what
   * is changed is decided under the collection's lock from what that lock's read finds. Ignored
   * when it is of another collection.
   */
  refresh(key: CollectionKey, seen?: CollectionSnapshot): Promise<CollectionState>;
  /**
   * The state when the collection is current (a refresh would do nothing), from one lock-free read
   * that writes nothing; `null` when a refresh is due or the collection does not exist yet.
   */
  current(key: CollectionKey): Promise<CollectionState | null>;
  /** The collection state without refreshing, or `null` when it was never created. */
  peek(key: CollectionKey): Promise<CollectionState | null>;
  /** Present members with objectId > `afterObjectId`, ascending, at most `limit`. */
  listMembers(collection: CollectionState, afterObjectId: number, limit: number): Promise<MemberListing[]>;
  /**
   * Like `listMembers`, but leaves out members whose stored calendar representation provably lies
   * outside `range` (RFC 4791 §9.9), judged by a time-span index kept with the stored body. A
   * prefilter only: it never leaves out a member that could overlap, and always keeps members
   * without a current stored representation (not rendered yet, stale after a CRM edit, or stored
   * before the index existed), so callers must still apply the exact test. Pages by object id
   * like `listMembers`. For that test every member comes with its stored representation in full
   * (`object`, as `listMembersByIds` with bodies), read in the same query.
   */
  listMembersInRange(collection: CollectionState, range: TimeRange, afterObjectId: number, limit: number): Promise<MemberListing[]>;
  /**
   * Listing rows for the given objects if they are present members (others are left out).
   * `withBodies`: each with its stored representation in full (`object`), read in the same query
   * that a multiget would otherwise follow with a second one for the bodies.
   */
  listMembersByIds(collection: CollectionState, objectIds: readonly number[], withBodies?: boolean): Promise<MemberListing[]>;
  /**
   * Members changed after the position (`sinceSeq`, `afterObjectId`): rows with
   * `changedSeq > sinceSeq`, or `changedSeq == sinceSeq && objectId > afterObjectId` (a truncated
   * answer continues inside one sequence number). Ascending by (changedSeq, objectId), at most
   * `limit`. Pass `afterObjectId = Number.MAX_SAFE_INTEGER` for "everything after sinceSeq".
   */
  changesSince(
    collection: CollectionState,
    sinceSeq: number,
    afterObjectId: number,
    limit: number,
  ): Promise<MemberChange[]>;
  /**
   * Records a change of the stored text that no CRM write journals (BrokerStar's context completed
   * after a device write, a refused write republished). A device write needs none: its CRM write
   * journals the object.
   */
  touch(kind: ObjectKind, objectId: number): Promise<void>;
  /**
   * Inside a device write's transaction, after its CRM write, with the state its `refresh` returned:
   * when every journal entry since is this write's own, about `objectId` (`isOwnWriteOnly`), the
   * collection takes the object in at once, exactly as its next refresh would, so the device's next
   * request finds nothing to do. Otherwise nothing happens and the next refresh does the work.
   */
  takeInOwnWrite(collection: CollectionState, objectId: number): Promise<void>;
  /** Per-collection properties that clients set with PROPPATCH (colour, order, …). */
  getProperties(collectionId: number): Promise<Record<string, string>>;
  /** Sets (or with `null` removes) a client property. */
  setProperty(collectionId: number, name: string, value: string | null): Promise<void>;
}
