import {
  isOwnWriteOnly,
  brokerStarContactVisibility, OBJECT_KIND_OF, planRefresh, type CollectionOwner, type ContactVisibilityRule, type ObjectKind, type RefreshPlan, type SyncKind,
} from '../../domain/index.ts';
import type { CollectionKey, CollectionState, MemberChange, MemberListing, SyncIndex, TimeRange } from '../../ports/index.ts';
import type { InMemoryCrm } from './InMemoryCrm.ts';
import type { CollectionRow, InMemoryDavTables, ObjectRow } from './InMemoryDavTables.ts';
import { memberSource, type MemorySource } from './memberSources.ts';
import { MembershipRefresh } from './membership.ts';
import { toStored } from './InMemoryObjectStore.ts';

/**
 * {@link SyncIndex} on {@link InMemoryDavTables}, fed by the {@link InMemoryCrm}'s journal; behaves
 * like `KnexSyncIndex`: a new collection is built by a full scan, later refreshes follow the
 * domain's `planRefresh` over the journal entries since the last one, and membership rows keep
 * `present`/`changedSeq` so that `changesSince` can report departures. There is no "too many
 * entries" fallback: reading the in-memory journal costs no more than rescanning.
 */
export class InMemorySyncIndex implements SyncIndex {
  constructor(
    private readonly crm: InMemoryCrm,
    private readonly tables: InMemoryDavTables,
    private readonly rule: ContactVisibilityRule = brokerStarContactVisibility,
  ) {}

  async currentSeq(): Promise<number> {
    return this.crm.journal.currentSeq;
  }

  /** No lock-free phase to skip here (every read is under the store's lock), so `seen` is not needed. */
  async refresh(key: CollectionKey): Promise<CollectionState> {
    const seq = this.crm.journal.currentSeq;
    const existing = this.tables.collection(key.userId, key.kind);
    if (existing && existing.syncedSeq >= seq) return toState(existing);
    const owner = this.owner(key.userId);
    if (!owner) return emptyState(key, seq);
    const row = existing ?? this.tables.createCollection(key.userId, key.kind);
    const update = new MembershipRefresh(this.tables.membersOf(row.id), key.userId, this.source(key.kind), seq);
    const isNew = row.syncedSeq < 0;
    if (isNew) {
      update.rescanAll();
    } else {
      const plan = planRefresh(key.kind, owner, this.crm.journal.entriesBetween(row.syncedSeq, seq));
      const ids = this.withLinkedObjects(key.kind, plan);
      if (plan.fullRescan) {
        update.rescanAll();
        update.markChanged(ids);
      } else {
        update.rescanSome(ids);
      }
    }
    if (isNew || update.changed) row.lastChangeSeq = seq;
    if (isNew) row.tokenFloorSeq = seq;
    row.syncedSeq = seq;
    return toState(row);
  }

  /** As `KnexSyncIndex`: objects whose customer changed, or whose readers changed while they have one. */
  private withLinkedObjects(kind: SyncKind, plan: RefreshPlan): Set<number> {
    const ids = new Set(plan.objectIds);
    if (kind === 'contacts') return ids;
    const objects: Iterable<{ id: number; contactId?: number | null }> = kind === 'calendar' ? this.crm.appointments.values() : this.crm.tasks.values();
    for (const o of objects) {
      const customer = o.contactId ?? null;
      if (customer === null) continue;
      if (plan.customerIds.has(customer) || plan.readersChangedIds.has(o.id)) ids.add(o.id);
    }
    return ids;
  }

  async current(key: CollectionKey): Promise<CollectionState | null> {
    const row = this.tables.collection(key.userId, key.kind);
    return row && row.syncedSeq >= this.crm.journal.currentSeq ? toState(row) : null;
  }

  async peek(key: CollectionKey): Promise<CollectionState | null> {
    const row = this.tables.collection(key.userId, key.kind);
    // A collection that was created but never built is not usable yet.
    return row && row.syncedSeq >= 0 ? toState(row) : null;
  }

  async listMembers(collection: CollectionState, afterObjectId: number, limit: number): Promise<MemberListing[]> {
    return this.listing(collection, (id) => id > afterObjectId).slice(0, limit);
  }

  async listMembersInRange(collection: CollectionState, range: TimeRange, afterObjectId: number, limit: number): Promise<MemberListing[]> {
    // Inclusive bounds, as in SQL: the span is a widened hull, and a zero-length instance at the start overlaps.
    const from = range.start?.getTime() ?? null;
    const to = range.end?.getTime() ?? null;
    const mayOverlap = (row: ObjectRow | null, crmVersion: number) =>
      row === null || row.crmVersion !== crmVersion || !row.spanIndex.known ||
      ((to === null || row.spanIndex.start === null || row.spanIndex.start <= to) && (from === null || row.spanIndex.end === null || row.spanIndex.end >= from));
    return this.withBodies(collection, this.listing(collection, (id) => id > afterObjectId, mayOverlap).slice(0, limit));
  }

  async listMembersByIds(collection: CollectionState, objectIds: readonly number[], withBodies = false): Promise<MemberListing[]> {
    const wanted = new Set(objectIds);
    const listed = this.listing(collection, (id) => wanted.has(id));
    return withBodies ? this.withBodies(collection, listed) : listed;
  }

  private withBodies(collection: CollectionState, listed: readonly MemberListing[]): MemberListing[] {
    const objects = this.tables.objectsOf(OBJECT_KIND_OF[collection.kind]).rows;
    return listed.map((m) => {
      const row = m.stored ? objects.get(m.objectId) : undefined;
      if (!row) return m;
      return { ...m, object: toStored(row) };
    });
  }

  async changesSince(collection: CollectionState, sinceSeq: number, afterObjectId: number, limit: number): Promise<MemberChange[]> {
    const changes: MemberChange[] = [];
    for (const [objectId, m] of this.tables.members(collection.id)) {
      if (m.changedSeq > sinceSeq || (m.changedSeq === sinceSeq && objectId > afterObjectId)) {
        changes.push({ objectId, present: m.present, changedSeq: m.changedSeq });
      }
    }
    return changes.sort((a, b) => a.changedSeq - b.changedSeq || a.objectId - b.objectId).slice(0, limit);
  }

  async touch(kind: ObjectKind, objectId: number): Promise<void> {
    this.crm.journal.append(kind, objectId);
  }

  async takeInOwnWrite(collection: CollectionState, objectId: number): Promise<void> {
    const row = this.tables.collection(collection.userId, collection.kind);
    const seq = this.crm.journal.currentSeq;
    if (!row || row.syncedSeq !== collection.syncedSeq) return;
    if (!isOwnWriteOnly(collection.kind, this.crm.journal.entriesBetween(row.syncedSeq, seq), row.syncedSeq, objectId)) return;
    const update = new MembershipRefresh(this.tables.membersOf(row.id), row.userId, this.source(collection.kind), seq);
    update.rescanSome(new Set([objectId]));
    if (update.changed) row.lastChangeSeq = seq;
    row.syncedSeq = seq;
  }

  async getProperties(collectionId: number): Promise<Record<string, string>> {
    return Object.fromEntries([...this.tables.properties(collectionId)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  async setProperty(collectionId: number, name: string, value: string | null): Promise<void> {
    if (value === null) this.tables.propertiesOf(collectionId).delete(name);
    else this.tables.propertiesOf(collectionId).set(name, value);
  }

  /**
   * Present members whose CRM object still exists, ascending, with the live stored representation
   * (the join of `KnexSyncIndex.listing`), filtered by object id and optionally by the stored row.
   */
  private listing(
    collection: CollectionState,
    idFilter: (objectId: number) => boolean,
    rowFilter: (row: ObjectRow | null, crmVersion: number) => boolean = () => true,
  ): MemberListing[] {
    const source = this.source(collection.kind);
    const objects = this.tables.objectsOf(OBJECT_KIND_OF[collection.kind]).rows;
    const result: MemberListing[] = [];
    const firstHolder = new Map<string, number>();
    for (const [objectId, m] of this.tables.members(collection.id)) {
      const row = objects.get(objectId);
      if (!m.present || !row || row.deleted) continue;
      const holder = firstHolder.get(row.name);
      if (holder === undefined || objectId < holder) firstHolder.set(row.name, objectId);
    }
    for (const [objectId, m] of this.tables.members(collection.id)) {
      if (!m.present || !idFilter(objectId)) continue;
      const crmVersion = source.crmVersion(objectId);
      if (crmVersion === undefined) continue;
      const found = objects.get(objectId);
      const row = found && !found.deleted ? found : null;
      if (!rowFilter(row, crmVersion)) continue;
      const shadowed = row !== null && Boolean(row.namedBy) && firstHolder.get(row.name) !== objectId;
      result.push({ objectId, crmVersion, stored: row ? { name: row.name, etag: row.etag, crmVersion: row.crmVersion, shadowed } : null });
    }
    return result.sort((a, b) => a.objectId - b.objectId);
  }

  private source(kind: CollectionKey['kind']): MemorySource {
    return memberSource(this.crm, kind, this.rule);
  }

  private owner(userId: number): CollectionOwner | null {
    const user = this.crm.users.get(userId);
    if (!user) return null;
    return { userId, scope: user.contactScope, teamIds: [...(this.crm.memberships.get(userId) ?? [])] };
  }
}

/** The state of a user that does not exist: no members, and no collection to issue tokens for. */
function emptyState(key: CollectionKey, seq: number): CollectionState {
  return { id: 0, userId: key.userId, kind: key.kind, syncedSeq: seq, lastChangeSeq: seq, tokenFloorSeq: seq };
}

function toState(r: CollectionRow): CollectionState {
  return { id: r.id, userId: r.userId, kind: r.kind, syncedSeq: r.syncedSeq, lastChangeSeq: r.lastChangeSeq, tokenFloorSeq: r.tokenFloorSeq };
}
