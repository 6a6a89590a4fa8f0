import {
  decideKindSync,
  InvalidSyncToken,
  OBJECT_KIND_OF,
  SyncNotAllowed,
  type ObjectKind,
  type SyncKind,
  type SyncPosition,
  type User,
} from '../domain/index.ts';
import type { CollectionSignIn, CollectionState, MemberListing, StoredObject, SyncIndex, TimeRange, TransactionalPorts } from '../ports/index.ts';
import type { ObjectRenderer, ServedObject } from './ObjectRenderer.ts';
import { defaultName, isReservedName, objectIdFromDefaultName } from './naming.ts';
import { EarlySignIn, type MembersReadAhead } from './EarlySignIn.ts';

export interface ListedObject {
  readonly objectId: number;
  readonly name: string;
  readonly etag: string;
}

export interface ChangePage {
  readonly changed: readonly ListedObject[];
  readonly removed: readonly string[];
}

export interface ChangesResult {
  readonly next: SyncPosition;
  readonly truncated: boolean;
}

const PAGE = 1000;

type ReadPorts = Pick<TransactionalPorts, 'objects' | 'syncIndex'>;

/**
 * Read side of one user's collection: listing, lookup by resource name, and changes since a sync
 * position. Membership comes from the sync index (refreshed when the collection is opened), so
 * visibility is always evaluated by the storage layer, never per object in JavaScript.
 */
export class OpenCollection {
  readonly objectKind: ObjectKind;

  constructor(
    readonly user: User,
    readonly kind: SyncKind,
    readonly state: CollectionState,
    private readonly ports: ReadPorts,
    private readonly renderer: ObjectRenderer,
    /** Members this request's sign-in read ahead for this collection ({@link EarlySignIn.readAhead}). */
    private readAhead?: MembersReadAhead,
  ) {
    this.objectKind = OBJECT_KIND_OF[kind];
  }

  get syncIndex(): SyncIndex {
    return this.ports.syncIndex;
  }

  /**
   * Every member with name and ETag, in pages. The next page is read while this one is named and
   * sent (a database server works meanwhile); at most two pages are held.
   */
  async *list(pageSize = PAGE): AsyncGenerator<ListedObject[]> {
    const pages = readingAhead<MemberListing[]>((previous) => {
      if (previous === null) return this.ports.syncIndex.listMembers(this.state, 0, pageSize);
      return previous.length < pageSize ? null : this.ports.syncIndex.listMembers(this.state, previous[previous.length - 1]!.objectId, pageSize);
    });
    for await (const members of pages) if (members.length > 0) yield await this.listed(members);
  }

  /**
   * Every member with its body, in pages ascending by object id: one listing query and one body
   * query per page (plus rendering of stale members), never one query per object. With a
   * `range`, members whose stored representation provably lies outside it are skipped in SQL
   * (`SyncIndex.listMembersInRange`); the rest may still miss the range, so callers test exactly.
   */
  async *objectPages(range: TimeRange | null = null, pageSize = PAGE): AsyncGenerator<StoredObject[]> {
    let after = 0;
    for (;;) {
      const members = range
        ? await this.ports.syncIndex.listMembersInRange(this.state, range, after, pageSize)
        : await this.ports.syncIndex.listMembers(this.state, after, pageSize);
      if (members.length === 0) return;
      const objects = await this.renderer.objects(this.objectKind, members, this.user.id);
      const page: StoredObject[] = [];
      for (const m of members) {
        const o = objects.get(m.objectId);
        if (o) page.push(o);
      }
      yield page;
      after = members[members.length - 1]!.objectId;
      if (members.length < pageSize) return;
    }
  }

  /**
   * {@link getByNames} for `names` in chunks of `size`, in order: the next chunk is read while the
   * caller sends this one (Thunderbird's one multiget of every card); at most two are held.
   */
  byNamesInChunks(names: readonly string[], size: number): AsyncGenerator<Map<string, ServedObject>> {
    let from = 0;
    return readingAhead(() => {
      if (from >= names.length) return null;
      const chunk = names.slice(from, (from += size));
      return this.getByNames(chunk);
    });
  }

  /** The members with these resource names, with bodies; names that are not members are left out. */
  async getByNames(names: readonly string[]): Promise<Map<string, ServedObject>> {
    const result = new Map<string, ServedObject>();
    for (let i = 0; i < names.length; i += PAGE) {
      for (const [name, obj] of await this.served(await this.resolveNames(names.slice(i, i + PAGE)))) result.set(name, obj);
    }
    return result;
  }

  /**
   * A device write's target by name, and the ids of the objects carrying the UID it sends (for
   * {@link findByUid}): the name and the UID are looked up in one read.
   */
  async getForWrite(name: string, uid: string): Promise<{ existing: ServedObject | null; uidIds: number[] }> {
    const chosen = isReservedName(name) ? [] : [name];
    const { byName, byUid } = await this.ports.objects.idsByNamesAndUid(this.objectKind, chosen, uid);
    const existing = (await this.served(withDefaultNames(byName, this.objectKind, [name]))).get(name) ?? null;
    return { existing, uidIds: byUid };
  }

  /** The member serving each name among its candidate object ids (several users' objects may carry one name). */
  private async served(candidates: ReadonlyMap<string, readonly number[]>): Promise<Map<string, ServedObject>> {
    const result = new Map<string, ServedObject>();
    if (candidates.size === 0) return result;
    const wanted = new Set<number>();
    for (const ids of candidates.values()) for (const id of ids) wanted.add(id);
    const members = (await this.readAheadOf(wanted)) ?? (await this.ports.syncIndex.listMembersByIds(this.state, [...wanted], true));
    const objects = await this.renderer.objects(this.objectKind, members, this.user.id);
    for (const [name, ids] of candidates) {
      const obj = carrying(name, ids, objects);
      if (obj) result.set(name, obj);
    }
    return result;
  }

  async getByName(name: string): Promise<ServedObject | null> {
    return (await this.getByNames([name])).get(name) ?? null;
  }

  /**
   * The member carrying this UID (lowest object id if several do), or `null`: other users' objects
   * are never seen. `known`: a member this request has loaded already (a PUT's target), not loaded
   * again when it is the only object carrying the UID, as on every update that keeps its UID.
   * `holderIds`: the ids {@link getForWrite} read already.
   */
  async findByUid(uid: string, known: ServedObject | null = null, holderIds?: readonly number[]): Promise<ServedObject | null> {
    const ids = holderIds ?? (await this.ports.objects.idsByUid(this.objectKind, uid));
    if (ids.length === 0) return null;
    if (known !== null && ids.length === 1 && ids[0] === known.objectId) return known.uid === uid ? known : null;
    const members = await this.ports.syncIndex.listMembersByIds(this.state, ids, true);
    const objects = await this.renderer.objects(this.objectKind, members, this.user.id);
    return ids.map((id) => objects.get(id)).find((o) => o !== undefined && o.uid === uid) ?? null;
  }

  /** Objects by id (members only), with bodies. */
  async getByIds(objectIds: readonly number[]): Promise<Map<number, ServedObject>> {
    const members = await this.ports.syncIndex.listMembersByIds(this.state, objectIds, true);
    return this.renderer.objects(this.objectKind, members, this.user.id);
  }

  /**
   * RFC 6578 changes after `from` (`null`: initial sync, every member), in pages; the generator's
   * return value is the position to hand out as the new sync token.
   */
  async *changes(from: SyncPosition | null, limit: number | null): AsyncGenerator<ChangePage, ChangesResult> {
    if (from === null && limit === null) return yield* this.everyMember();
    const start = from ? this.validate(from) : { seq: 0, afterObjectId: 0 };
    let seq = start.seq;
    let after = start.afterObjectId;
    let remaining = limit ?? Number.POSITIVE_INFINITY;
    let highest = this.state.lastChangeSeq;
    for (;;) {
      const want = Math.min(PAGE, remaining);
      const rows = await this.ports.syncIndex.changesSince(this.state, seq, after, want + 1);
      const page = rows.slice(0, want);
      const present = page.filter((r) => r.present).map((r) => r.objectId);
      const gone = from ? page.filter((r) => !r.present).map((r) => r.objectId) : [];
      // Objects never stored (created and deleted in BrokerStar between two syncs) have default names.
      const [members, names] = await Promise.all([
        present.length ? this.ports.syncIndex.listMembersByIds(this.state, present) : [],
        gone.length ? this.ports.objects.namesOf(this.objectKind, gone) : new Map<number, string>(),
      ]);
      yield { changed: await this.listed(members), removed: gone.map((id) => names.get(id) ?? defaultName(this.objectKind, id)) };
      const last = page[page.length - 1];
      if (last) {
        seq = last.changedSeq;
        after = last.objectId;
        highest = Math.max(highest, last.changedSeq);
      }
      remaining -= page.length;
      if (rows.length <= want) break;
      if (remaining <= 0) {
        return { next: { collectionId: this.state.id, seq, afterObjectId: after }, truncated: true };
      }
    }
    return { next: { collectionId: this.state.id, seq: highest, afterObjectId: null }, truncated: false };
  }

  /**
   * An initial sync without a limit (Thunderbird, DAVx5, iOS): every member by object id, one query
   * per page instead of a change page plus its members. The token is the state this request
   * refreshed to: whatever changes meanwhile gets a higher sequence, so the next sync reports it
   * (a member listed here in its newer state is reported once more, which clients take as a no-op).
   */
  private async *everyMember(): AsyncGenerator<ChangePage, ChangesResult> {
    for await (const changed of this.list()) yield { changed, removed: [] };
    return { next: { collectionId: this.state.id, seq: this.state.lastChangeSeq, afterObjectId: null }, truncated: false };
  }

  private validate(p: SyncPosition): { seq: number; afterObjectId: number } {
    if (p.collectionId !== this.state.id) throw new InvalidSyncToken('The sync token belongs to another collection.');
    if (p.seq > this.state.lastChangeSeq && p.afterObjectId === null) {
      throw new InvalidSyncToken('The sync token was not issued by this server.');
    }
    if (p.seq < this.state.tokenFloorSeq) throw new InvalidSyncToken('The sync token has expired.');
    return { seq: p.seq, afterObjectId: p.afterObjectId ?? Number.MAX_SAFE_INTEGER };
  }

  private async listed(members: readonly MemberListing[]): Promise<ListedObject[]> {
    const named = await this.renderer.namesAndEtags(this.objectKind, members, this.user.id);
    const listed: ListedObject[] = [];
    for (const m of members) {
      const n = named.get(m.objectId);
      if (n) listed.push({ objectId: m.objectId, name: n.name, etag: n.etag });
    }
    return listed;
  }

  /** The members read ahead, when they were read for exactly `ids` (once; `null` if that read failed). */
  private async readAheadOf(ids: ReadonlySet<number>): Promise<MemberListing[] | null> {
    const ahead = this.readAhead;
    if (!ahead || ahead.objectIds.length !== ids.size || !ahead.objectIds.every((id) => ids.has(id))) return null;
    this.readAhead = undefined;
    return ahead.members;
  }

  /**
   * Candidate object ids per name: stored holders in every namespace, and the id a default name
   * encodes. No device may create an object under a default (reserved) name, so only the object it
   * names can hold one: those need no lookup (a multiget of BrokerStar's objects saves a query).
   */
  private async resolveNames(names: readonly string[]): Promise<Map<string, number[]>> {
    const chosen = names.filter((name) => !isReservedName(name));
    const ids = chosen.length > 0 ? await this.ports.objects.idsByNames(this.objectKind, chosen) : new Map<string, number[]>();
    return withDefaultNames(ids, this.objectKind, names);
  }
}

/**
 * The results of `read` (given the previous one; `null` ends) in order, each next one started
 * before the current one is handed out, so that the database works while the caller renders and
 * sends. A read started for a caller that stops early is left to finish; its failure is dropped.
 */
async function* readingAhead<T>(read: (previous: T | null) => Promise<T> | null): AsyncGenerator<T> {
  const start = (previous: T | null) => {
    const next = read(previous);
    next?.catch(() => undefined); // awaited below; if the caller is gone by then, no unhandled rejection
    return next;
  };
  let pending = start(null);
  while (pending) {
    const current = await pending;
    pending = start(current);
    yield current;
  }
}

/** Adds, for each default name among `names`, the one object it names. */
function withDefaultNames(ids: Map<string, number[]>, kind: ObjectKind, names: readonly string[]): Map<string, number[]> {
  for (const name of names) {
    const id = objectIdFromDefaultName(kind, name);
    if (id !== null) ids.set(name, [id]);
  }
  return ids;
}

/** Opens a user's collection after checking the sync entitlement for its kind. */
export class CollectionService {
  constructor(
    private readonly ports: ReadPorts,
    private readonly renderer: ObjectRenderer,
    private readonly signInPort: CollectionSignIn | null = null,
  ) {}

  /**
   * Throws `SyncNotAllowed` when the account or the group flag forbids this kind. `early` is a
   * {@link signIn} of this request; its state is used when it belongs to this user and kind and
   * was current, otherwise the collection is refreshed, starting from what that read found of it.
   */
  async open(user: User, kind: SyncKind, early?: EarlySignIn): Promise<OpenCollection> {
    const decision = decideKindSync(user, kind);
    if (!decision.allowed) throw new SyncNotAllowed(decision.reason, decision.explanation, decision.message);
    const read = early && early.kind === kind ? await early.collection : null;
    const current = read?.current;
    const known = current && current.userId === user.id && current.kind === kind ? current : null;
    if (known) return new OpenCollection(user, kind, known, this.ports, this.renderer, early?.takeReadAhead(known));
    const state = await this.ports.syncIndex.refresh({ userId: user.id, kind }, read?.behind);
    return new OpenCollection(user, kind, state, this.ports, this.renderer);
  }

  /**
   * Starts the reads a device's request to its own collection begins with, the account and the
   * collection's state, as one read (`CollectionSignIn`: one round trip on MySQL). The credentials
   * are for the authenticator; `open` uses the state only for the user authentication returned.
   * A failed read fails the credentials (the request answers as for any storage failure) and
   * counts as "not current" for the state. `null` when no such port is wired.
   */
  signIn(login: string, kind: SyncKind): EarlySignIn | null {
    if (!this.signInPort) return null;
    return new EarlySignIn(kind, this.signInPort.read(login, kind), this.ports.syncIndex);
  }
}

/**
 * The first of `ids` whose served object carries `name` (several users' objects may share one).
 * A loop, not map/find: a Thunderbird multiget resolves every card of the address book this way.
 */
function carrying(name: string, ids: readonly number[], objects: ReadonlyMap<number, ServedObject>): ServedObject | undefined {
  for (const id of ids) {
    const obj = objects.get(id);
    if (obj?.name === name) return obj;
  }
  return undefined;
}
