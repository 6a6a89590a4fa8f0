import type { Knex } from 'knex';
import { isOwnWriteOnly, MAX_OWN_WRITE_ENTRIES, OBJECT_KIND_OF, planRefresh, type CollectionOwner, type JournalEntry, type ContactScope, type ObjectKind, type RefreshPlan, type SyncKind } from '../../domain/index.ts';
import type { CollectionKey, CollectionSnapshot, CollectionState, MemberChange, MemberListing, SyncIndex, TimeRange } from '../../ports/index.ts';
import { atomically, chunked, isTransaction, toId } from './sqlValues.ts';
import { isRetryableLockError } from './journal/dbErrors.ts';
import { memberSources, type MemberSource } from './journal/memberSources.ts';
import { anyChangeAt, applyMembership, entriesAndMembership, markChanged, markChangedFromJournal, readEntries, rescanAll, rescanSome, type MembershipUpdate } from './journal/membership.ts';
import { appendJournal, readSequence } from './journal/sequence.ts';
import { dialectOf, SEQUENCE_TABLE } from './journal/triggerSql.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { joinVersion } from './schema/objectVersions.ts';
import { teamIdsColumn, teamIdsOf } from './schema/teamIds.ts';
import { storedObjectWith } from './rows/storedObjectRows.ts';
import { compiledRows, padded, PLUGIN_TABLES, placeholders } from './compiledQueries.ts';
import { seesEveryContact } from './visibleContactsQuery.ts';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

/**
 * What `skipIrrelevant` read without the lock when it could not skip: the journal entries in
 * (`syncedSeq`, `seq`], the owner and, unless the plan rescans all, the objects to re-evaluate.
 */
interface UnlockedRead {
  readonly syncedSeq: number;
  readonly seq: number;
  readonly entries: readonly JournalEntry[];
  readonly owner: CollectionOwner;
  readonly ids?: ReadonlySet<number>;
}

/** Above this many journal entries since the last refresh, re-evaluating everything is cheaper. */
export const MAX_PLANNED_ENTRIES = 10_000;
const LOCK_ATTEMPTS = 4;

/**
 * {@link SyncIndex} on `dav_collections` / `dav_collection_members`, fed by the `dav_change_journal`
 * that the CRM tables' triggers write (see `journal/triggers.ts`). Stateless: any number of server
 * instances may share the database.
 *
 * A collection last refreshed before retention pruned the journal (`synced_seq < pruned_seq`)
 * cannot know what changed: it is re-evaluated whole and its old sync tokens become invalid, so
 * devices re-sync fully (403 valid-sync-token, RFC 6578 §3.2).
 *
 * An unchanged poll costs one indexed read and writes nothing. Otherwise the collection row is
 * locked (FOR UPDATE), so concurrent refreshes of one collection run one after the other and the
 * later ones find the work done; the set of visible objects is diffed against the members in SQL.
 */
export class KnexSyncIndex implements SyncIndex {
  private readonly sources: Record<SyncKind, MemberSource>;

  constructor(private readonly db: Db, private readonly s: CrmSchema = CrmSchema.reference) {
    this.sources = memberSources(s);
  }

  async currentSeq(): Promise<number> {
    return (await readSequence(this.db)).seq;
  }

  async refresh(key: CollectionKey, seen?: CollectionSnapshot): Promise<CollectionState> {
    // A write (in a transaction) always takes the collection's row lock, before its CRM writes take
    // the sequence lock: writers of one collection then queue in one order, and `takeInOwnWrite`
    // works under a lock already held. The lock's read tells all the hot path would.
    if (isTransaction(this.db)) {
      const locked = await this.refreshLocked(this.db, key);
      if (locked) return locked;
    }
    // The request's sign-in read is as good as our own lock-free read: everything below that acts
    // on it either only moves `synced_seq` forward over entries it checked, or re-reads under the lock.
    const fast = seen && seen.key.userId === key.userId && seen.key.kind === key.kind ? seen : await this.stateRead(key);
    const { seq, state } = fast;
    if (isCurrent(fast)) return fast.state;
    if (state === null) {
      if (!(fast.owner ?? (await this.loadOwner(this.db, key.userId)))) return emptyState(key, seq);
      // Created outside the refresh transaction (committed at once when we own it), so that
      // concurrent first refreshes do not deadlock on the unique key; the row lock then orders them.
      await this.db('dav_collections').insert({ user_id: key.userId, kind: key.kind }).onConflict(['user_id', 'kind']).ignore();
    }
    // Only a lock-free refresh skips irrelevant entries; a write refreshes under its row lock.
    let unlockedRead: UnlockedRead | undefined;
    if (state !== null && !isTransaction(this.db) && state.syncedSeq >= 0 && state.syncedSeq >= fast.prunedSeq) {
      const outcome = await this.skipIrrelevant(key, state, seq, fast.owner);
      if ('skipped' in outcome) return outcome.skipped;
      unlockedRead = outcome.read;
    }
    if (isTransaction(this.db)) return (await this.refreshLocked(this.db, key)) ?? emptyState(key, seq);
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.db.transaction((trx) => this.refreshLocked(trx, key, unlockedRead))) ?? emptyState(key, seq);
      } catch (err) {
        if (attempt >= LOCK_ATTEMPTS || !isRetryableLockError(err)) throw err;
      }
    }
  }

  /**
   * Every change anywhere moves the global sequence, so most refreshes find only entries that
   * concern other users (an appointment of a colleague, a contact outside a TEAM scope). Those are
   * recognised without a transaction or lock: the collection just moves on to `seq`. Concurrent
   * refreshes are harmless, since the update only ever moves `synced_seq` forward.
   */
  private async skipIrrelevant(key: CollectionKey, state: CollectionState, seq: number, known?: CollectionOwner): Promise<{ skipped: CollectionState } | { read?: UnlockedRead }> {
    const source = this.sources[key.kind];
    // The owner as the sign-in read found it, with this very `seq`; else read at once (two pool
    // connections): it is needed whenever there are entries, the usual case here.
    const [entries, owner] = await Promise.all([
      readEntries(this.db, source.entities, state.syncedSeq, seq, MAX_PLANNED_ENTRIES + 1),
      known ?? this.loadOwner(this.db, key.userId),
    ]);
    if (entries.length > MAX_PLANNED_ENTRIES) return {};
    if (entries.length > 0) {
      if (!owner) return {};
      const plan = planRefresh(key.kind, owner, entries);
      if (plan.fullRescan) return { read: { syncedSeq: state.syncedSeq, seq, entries, owner } };
      const ids = await this.withLinkedObjects(this.db, source, plan);
      // An address book that holds every contact is concerned by any of them: one round trip less.
      const concerned = ids.size > 0 && ((key.kind === 'contacts' && seesEveryContact(owner.scope)) || (await this.concernsCollection(state, source, [...ids])));
      if (concerned) return { read: { syncedSeq: state.syncedSeq, seq, entries, owner, ids } };
    }
    await this.db('dav_collections').where('id', state.id).andWhere('synced_seq', '<', seq).update({ synced_seq: seq });
    return { skipped: { ...state, syncedSeq: seq } };
  }

  /** The planned objects plus those whose customer (linked contact) changed: they show it (issue 13). */
  private async withLinkedObjects(db: Db, source: MemberSource, plan: RefreshPlan): Promise<Set<number>> {
    const ids = new Set(plan.objectIds);
    const add = async (wanted: ReadonlySet<number>, query: ((db: Db, ids: readonly number[]) => Knex.QueryBuilder) | undefined) => {
      if (!query || wanted.size === 0) return;
      for (const chunk of chunked([...wanted])) {
        const rows: Array<{ id: unknown }> = await query(db, chunk);
        for (const r of rows) ids.add(toId(r.id));
      }
    };
    await add(plan.customerIds, source.linkedTo);
    await add(new Set([...plan.readersChangedIds].filter((id) => !ids.has(id))), source.withCustomer);
    return ids;
  }

  /** Whether any of the objects is (or now should be) a member: only then must the refresh lock. */
  private async concernsCollection(state: CollectionState, source: MemberSource, ids: readonly number[]): Promise<boolean> {
    for (const chunk of chunked(ids)) {
      const wanted = padded(chunk);
      // A member, or one that should become one: one statement for both.
      const [hit] = await compiledRows(this.db, source, `concerns:${wanted.length}`, (p) => {
        const list = placeholders(p, wanted.length, 2);
        return this.db('dav_collection_members').where('collection_id', p(0)).whereIn('object_id', list).select('object_id')
          .unionAll(this.db.select('v.id as object_id').from(source.among(this.db, p(1), list).as('v')));
      }, [state.id, state.userId, ...wanted]);
      if (hit) return true;
    }
    return false;
  }

  /** Under the collection's row lock; `null` when the collection has no row yet. */
  private async refreshLocked(trx: Knex.Transaction, key: CollectionKey, unlockedRead?: UnlockedRead): Promise<CollectionState | null> {
    // By its unique key, no LIMIT (at most one row; the compiled shape stays prepared on MySQL).
    const [row] = await compiledRows<Row>(trx, PLUGIN_TABLES, 'collection-lock', (p) => {
      const lock = trx('dav_collections').where({ user_id: p(0), kind: p(1) }).select('*');
      return dialectOf(trx) === 'mysql' ? lock.forUpdate() : lock;
    }, [key.userId, key.kind]);
    if (!row) return null;
    // A statement of its own, after the lock: as a subquery of the locking SELECT, MariaDB takes
    // the read view before waiting for the lock and misses the commit it waited for (checked).
    const { seq, prunedSeq } = await readSequence(trx);
    const state = toState(row);
    if (state.syncedSeq >= seq) return state;
    // Nothing was committed since the unlocked reads (every CRM commit moves the sequence, in
    // commit order), and nobody refreshed the collection meanwhile: what they found still holds.
    const known = unlockedRead && unlockedRead.seq === seq && unlockedRead.syncedSeq === state.syncedSeq ? unlockedRead : undefined;
    const owner = known?.owner ?? (await this.loadOwner(trx, key.userId));
    if (!owner) return emptyState(key, seq);

    const source = this.sources[key.kind];
    const u: MembershipUpdate = { trx, collectionId: state.id, userId: key.userId, source, seq };
    // Never built, or its journal entries were pruned: re-evaluate whole and start a new token history.
    const isNew = state.syncedSeq < 0 || state.syncedSeq < prunedSeq;
    let changed: boolean | undefined = isNew || undefined;
    if (isNew) {
      await rescanAll(u);
    } else {
      const entries = known?.entries ?? (await readEntries(trx, source.entities, state.syncedSeq, seq, MAX_PLANNED_ENTRIES + 1));
      if (entries.length > MAX_PLANNED_ENTRIES) {
        await rescanAll(u);
        await markChangedFromJournal(u, OBJECT_KIND_OF[key.kind], state.syncedSeq);
        if (source.linkedTo) await markChangedFromJournal(u, 'contact', state.syncedSeq, (ids) => source.linkedTo!(trx, ids));
      } else {
        const plan = planRefresh(key.kind, owner, entries);
        const ids = known?.ids ?? (await this.withLinkedObjects(trx, source, plan));
        if (plan.fullRescan) {
          await rescanAll(u);
          await markChanged(u, ids);
        } else {
          changed = await rescanSome(u, ids);
        }
      }
    }
    changed ??= await anyChangeAt(u);
    const next: CollectionState = {
      ...state,
      syncedSeq: seq,
      lastChangeSeq: changed ? seq : state.lastChangeSeq,
      tokenFloorSeq: isNew ? seq : state.tokenFloorSeq,
    };
    await trx('dav_collections').where('id', state.id)
      .update({ synced_seq: next.syncedSeq, last_change_seq: next.lastChangeSeq, token_floor_seq: next.tokenFloorSeq });
    return next;
  }

  /** The user's contact scope and teams in one statement. */
  private async loadOwner(db: Db, userId: number): Promise<CollectionOwner | null> {
    const s = this.s;
    const [user] = await compiledRows<{ contact_scope: string; team_ids: unknown }>(db, s, 'collection-owner', (p) => db(s.as('users', 'u'))
      .where(s.c('users', 'id', 'u'), p(0))
      .select(`${s.c('users', 'contact_scope', 'u')} as contact_scope`, teamIdsColumn(db, s)), [userId]);
    return user ? { userId, scope: user.contact_scope as ContactScope, teamIds: teamIdsOf(user.team_ids) } : null;
  }

  async current(key: CollectionKey): Promise<CollectionState | null> {
    const fast = await this.stateRead(key);
    return isCurrent(fast) ? fast.state : null;
  }

  /** The hot path: the sequence and the collection in one read, no lock, no write. */
  private async stateRead(key: CollectionKey): Promise<CollectionSnapshot> {
    const [row] = await compiledRows<Row>(this.db, PLUGIN_TABLES, 'collection-state', (p) => this.db(`${SEQUENCE_TABLE} as s`)
      .leftJoin('dav_collections as c', (j) => { j.onVal('c.user_id', '=', p(0)).andOnVal('c.kind', '=', p(1)); })
      // One row by primary key and unique key: no LIMIT, which alone would cost SQLite several times the lookup.
      .where('s.id', 1)
      .select('s.value as seq', 's.pruned_seq', 'c.id', 'c.user_id', 'c.kind', 'c.synced_seq', 'c.last_change_seq', 'c.token_floor_seq'), [key.userId, key.kind]);
    return toSnapshot(key, row ?? {});
  }

  async peek(key: CollectionKey): Promise<CollectionState | null> {
    const row: Row | undefined = await this.db('dav_collections').where({ user_id: key.userId, kind: key.kind }).first();
    // A collection that was created but never built is not usable yet.
    return row && Number(row.synced_seq) >= 0 ? toState(row) : null;
  }

  async listMembers(collection: CollectionState, afterObjectId: number, limit: number): Promise<MemberListing[]> {
    const rows = await compiledRows<Row>(this.db, this.s, `members-after:${collection.kind}`, (p, int) =>
      this.listing(collection.kind, p(0)).where('m.object_id', '>', p(1)).orderBy('m.object_id').limit(int(2)), [collection.id, afterObjectId, limit]);
    return rows.map(toListing);
  }

  async listMembersInRange(collection: CollectionState, range: TimeRange, afterObjectId: number, limit: number): Promise<MemberListing[]> {
    // Bounds are compared inclusively: the span (migration 004) is a widened hull, and an instance
    // of zero duration at the range's start still overlaps (§9.9).
    const from = range.start?.getTime() ?? null;
    const to = range.end?.getTime() ?? null;
    const rows = await this.listing(collection.kind, collection.id).where('m.object_id', '>', afterObjectId)
      .andWhere((w) => {
        w.whereNull('o.id')
          .orWhereRaw('?? <> COALESCE(??, 0)', ['o.crm_version', 'ov.version'])
          .orWhere('o.span_known', 0)
          .orWhere((span) => {
            if (to !== null) span.where((q) => { q.whereNull('o.span_start').orWhere('o.span_start', '<=', to); });
            if (from !== null) span.where((q) => { q.whereNull('o.span_end').orWhere('o.span_end', '>=', from); });
            if (to === null && from === null) span.whereRaw('1 = 1');
          });
      })
      .orderBy('m.object_id').limit(limit)
      .select('o.uid', 'o.body', 'o.scope');
    const kind = OBJECT_KIND_OF[collection.kind];
    return rows.map((r: Row) => withObject(toListing(r), kind, r));
  }

  async listMembersByIds(collection: CollectionState, objectIds: readonly number[], withBodies = false): Promise<MemberListing[]> {
    const result: MemberListing[] = [];
    const kind = OBJECT_KIND_OF[collection.kind];
    for (const chunk of chunked([...new Set(objectIds)])) {
      const ids = padded(chunk);
      const rows = await compiledRows<Row>(this.db, this.s, `members-by-ids:${collection.kind}:${withBodies}:${ids.length}`, (p) => {
        const listing = this.listing(collection.kind, p(0)).whereIn('m.object_id', placeholders(p, ids.length, 1)).orderBy('m.object_id');
        return withBodies ? listing.select('o.uid', 'o.body', 'o.scope') : listing;
      }, [collection.id, ...ids]);
      result.push(...rows.map((r) => (withBodies ? withObject(toListing(r), kind, r) : toListing(r))));
    }
    return result.sort((a, b) => a.objectId - b.objectId);
  }

  /** Present members joined with their CRM row (gone rows are left out) and live stored object. */
  private listing(syncKind: SyncKind, collectionId: number | string): Knex.QueryBuilder {
    const kind: ObjectKind = OBJECT_KIND_OF[syncKind];
    const crm = this.sources[syncKind].crmTable;
    const query = this.db('dav_collection_members as m')
      .join(this.s.as(crm, 'crm'), this.s.c(crm, 'id', 'crm'), 'm.object_id')
      .leftJoin('dav_objects as o', (j) => {
        j.on('o.object_id', '=', 'm.object_id').andOnVal('o.kind', '=', kind).andOnVal('o.deleted', '=', 0);
      });
    // Only device-chosen names (scope <> 0) can collide; BrokerStar's default names are unique by id.
    // `+o2.object_id`: SQLite would otherwise walk (kind, object_id) below the member (100 000 rows
    // for a new card, ~45 ms per PUT/DELETE) instead of looking the name up in (kind, name, scope).
    const shadowed = this.db.raw(
      'CASE WHEN o.scope <> 0 AND EXISTS (SELECT 1 FROM dav_objects o2 JOIN dav_collection_members m2 ' +
        'ON m2.object_id = o2.object_id AND m2.collection_id = ? AND m2.present = 1 ' +
        'WHERE o2.kind = o.kind AND o2.name = o.name AND o2.deleted = 0 AND +o2.object_id < o.object_id) THEN 1 ELSE 0 END as shadowed',
      [collectionId],
    );
    return joinVersion(query, kind, 'm.object_id')
      .where('m.collection_id', collectionId).andWhere('m.present', 1)
      .select('m.object_id', this.db.raw('COALESCE(ov.version, 0) as crm_version'), 'o.name', 'o.etag', 'o.crm_version as stored_version', shadowed);
  }

  async changesSince(collection: CollectionState, sinceSeq: number, afterObjectId: number, limit: number): Promise<MemberChange[]> {
    const rows = await compiledRows<Row>(this.db, PLUGIN_TABLES, 'changes-since', (p, int) => this.db('dav_collection_members')
      .where('collection_id', p(0))
      // The range on (collection_id, changed_seq, object_id) starts at sinceSeq; the OR only trims its start.
      .andWhere('changed_seq', '>=', p(1))
      .andWhere((q) => { q.where('changed_seq', '>', p(1)).orWhere('object_id', '>', p(2)); })
      .orderBy([{ column: 'changed_seq' }, { column: 'object_id' }])
      .limit(int(3))
      .select('object_id', 'present', 'changed_seq'), [collection.id, sinceSeq, afterObjectId, limit]);
    return rows.map((r) => ({ objectId: toId(r.object_id), present: Number(r.present) === 1, changedSeq: Number(r.changed_seq) }));
  }

  async touch(kind: ObjectKind, objectId: number): Promise<void> {
    await atomically(this.db, (trx) => appendJournal(trx, kind, objectId, null));
  }

  async takeInOwnWrite(collection: CollectionState, objectId: number): Promise<void> {
    // Only under the writer's transaction, which holds the collection's row lock since its refresh and
    // the sequence lock since its first change: nobody adds entries after its own. id 0: no collection row.
    if (!isTransaction(this.db) || collection.id === 0) return;
    const trx = this.db;
    const after = collection.syncedSeq;
    const target = { trx, collectionId: collection.id, userId: collection.userId, source: this.sources[collection.kind] };
    // No upper bound and no entity filter: the entries must run without a gap up to the writer's last.
    const { entries, membership } = await entriesAndMembership(target, after, MAX_OWN_WRITE_ENTRIES + 1, objectId);
    if (!isOwnWriteOnly(collection.kind, entries, after, objectId)) return;
    const seq = entries[entries.length - 1]!.seq;
    const changed = await applyMembership({ ...target, seq }, [objectId], membership);
    // Under the lock `synced_seq` is still `after`; the condition only guards against misuse.
    await trx('dav_collections').where({ id: collection.id, synced_seq: after })
      .update({ synced_seq: seq, ...(changed ? { last_change_seq: seq } : {}) });
  }

  async getProperties(collectionId: number): Promise<Record<string, string>> {
    const rows: Array<{ name: string; value: string }> = await this.db('dav_collection_properties')
      .where('collection_id', collectionId).orderBy('name').select('name', 'value');
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  }

  async setProperty(collectionId: number, name: string, value: string | null): Promise<void> {
    const props = this.db('dav_collection_properties');
    if (value === null) {
      await props.where({ collection_id: collectionId, name }).delete();
      return;
    }
    await props.insert({ collection_id: collectionId, name, value }).onConflict(['collection_id', 'name']).merge(['value']);
  }
}



/** The state of a user that no longer exists: no members, and no collection to issue tokens for. */
function emptyState(key: CollectionKey, seq: number): CollectionState {
  return { id: 0, userId: key.userId, kind: key.kind, syncedSeq: seq, lastChangeSeq: seq, tokenFloorSeq: seq };
}

/** Whether the state read found the collection with nothing to refresh. */
export function isCurrent(fast: CollectionSnapshot): fast is CollectionSnapshot & { readonly state: CollectionState } {
  return fast.state !== null && fast.state.syncedSeq >= fast.seq;
}

/** A state read's row (sequence columns `seq`, `pruned_seq` and the collection's) as the port's snapshot. */
export function toSnapshot(key: CollectionKey, r: Row): CollectionSnapshot {
  return { key, seq: Number(r.seq ?? 0), prunedSeq: Number(r.pruned_seq ?? 0), state: r.id == null ? null : toState(r) };
}

export function toState(r: Row): CollectionState {
  return {
    id: toId(r.id),
    userId: toId(r.user_id),
    kind: r.kind as SyncKind,
    syncedSeq: Number(r.synced_seq),
    lastChangeSeq: Number(r.last_change_seq),
    tokenFloorSeq: Number(r.token_floor_seq),
  };
}

/** The listing with its stored object, from a row that also carries `o.uid`, `o.body`, `o.scope`. */
function withObject(listing: MemberListing, kind: ObjectKind, r: Row): MemberListing {
  const stored = listing.stored;
  if (!stored) return listing;
  // The row's `crm_version` is the CRM's; the stored object's is `stored_version` (stored.crmVersion).
  const object = storedObjectWith({ kind, objectId: listing.objectId, name: stored.name, etag: stored.etag, crmVersion: stored.crmVersion }, r);
  return { objectId: listing.objectId, crmVersion: listing.crmVersion, stored, object };
}

function toListing(r: Row): MemberListing {
  return {
    objectId: toId(r.object_id),
    crmVersion: Number(r.crm_version),
    stored: r.name == null ? null : { name: String(r.name), etag: String(r.etag), crmVersion: Number(r.stored_version), shadowed: Number(r.shadowed) === 1 },
  };
}
