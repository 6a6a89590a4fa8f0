import type { Knex } from 'knex';
import type { JournalEntity, JournalEntry } from '../../../domain/index.ts';
import { chunked, toId } from '../sqlValues.ts';
import { compiledRows, padded, PLUGIN_TABLES, placeholders } from '../compiledQueries.ts';
import type { MemberSource } from './memberSources.ts';
import { JOURNAL_TABLE } from './triggerSql.ts';

const MEMBERS = 'dav_collection_members';

/**
 * One refresh of one collection, run while its `dav_collections` row is locked (so no other
 * refresh writes the same members). Every change is stamped with `seq`, the sequence value the
 * refresh brings the collection up to; it is greater than any `changed_seq` already stored.
 */
export interface MembershipUpdate {
  readonly trx: Knex.Transaction;
  readonly collectionId: number;
  readonly userId: number;
  readonly source: MemberSource;
  readonly seq: number;
}

/** Journal entries in (`afterSeq`, `uptoSeq`] of the given entities, at most `limit`. */
export async function readEntries(
  db: Knex | Knex.Transaction, entities: readonly JournalEntity[], afterSeq: number, uptoSeq: number, limit: number,
): Promise<JournalEntry[]> {
  const rows = await compiledRows<Record<string, unknown>>(db, PLUGIN_TABLES, `journal-entries:${entities.join(',')}`, (p, int) => db(JOURNAL_TABLE)
    .where('seq', '>', p(0)).andWhere('seq', '<=', p(1)).whereIn('entity', entities)
    .orderBy('seq').limit(int(2)).select('seq', 'entity', 'entity_id', 'related_id'), [afterSeq, uptoSeq, limit]);
  return rows.map(toJournalEntry);
}

/** A `dav_change_journal` row (`seq`, `entity`, `entity_id`, `related_id`) as an entry. */
export function toJournalEntry(r: Record<string, unknown>): JournalEntry {
  return {
    seq: Number(r.seq),
    entity: r.entity as JournalEntity,
    entityId: toId(r.entity_id),
    relatedId: r.related_id === null || r.related_id === undefined ? null : toId(r.related_id),
  };
}

/**
 * Re-evaluates the whole collection as set differences in SQL (no id list passes through
 * JavaScript): adds visible objects that are not members, brings back absent members that are
 * visible again, and marks members that are no longer visible as absent.
 */
export async function rescanAll(u: MembershipUpdate): Promise<void> {
  const { trx, collectionId, userId, source, seq } = u;
  const missing = trx.select(trx.raw('?', [collectionId]), 'v.id', trx.raw('1'), trx.raw('?', [seq]))
    .from(source.all(trx, userId).as('v'))
    .whereNotExists(trx.select(trx.raw('1')).from(`${MEMBERS} as m`)
      .where('m.collection_id', collectionId).whereRaw('?? = ??', ['m.object_id', 'v.id']))
    .toSQL();
  await trx.raw(`INSERT INTO ${MEMBERS} (collection_id, object_id, present, changed_seq) ${missing.sql}`, missing.bindings);
  // The subqueries read CRM tables only, so MySQL's "target table in FROM clause" (1093) cannot arise.
  await trx(MEMBERS).where('collection_id', collectionId).andWhere('present', 0)
    .whereIn('object_id', source.all(trx, userId)).update({ present: 1, changed_seq: seq });
  await trx(MEMBERS).where('collection_id', collectionId).andWhere('present', 1)
    .whereNotIn('object_id', source.all(trx, userId)).update({ present: 0, changed_seq: seq });
}

/**
 * Re-evaluates membership and marks content changes of the given objects (chunk by chunk). Returns
 * whether it changed any member, which spares the caller {@link anyChangeAt}'s query.
 */
export async function rescanSome(u: MembershipUpdate, objectIds: Iterable<number>): Promise<boolean> {
  let changed = false;
  for (const chunk of chunked([...objectIds])) {
    changed = (await applyMembership(u, chunk, await membershipOf(u, chunk))) || changed;
  }
  return changed;
}

/** Which of a chunk of ids the collection must hold (`visible`) and which are members, present or not (`known`). */
export interface Membership {
  readonly visible: ReadonlySet<number>;
  readonly known: ReadonlyMap<number, boolean>;
}

/** Adds, marks changed and marks gone the members of `chunk` as `membership` says; whether any member changed. */
export async function applyMembership(u: MembershipUpdate, chunk: readonly number[], { visible, known }: Membership): Promise<boolean> {
  const { trx, collectionId, seq } = u;
  const added = chunk.filter((id) => visible.has(id) && !known.has(id));
  // Visible and already a member: it changed (the journal says so), or it came back.
  const touched = chunk.filter((id) => visible.has(id) && known.has(id));
  const gone = chunk.filter((id) => !visible.has(id) && known.get(id) === true);
  if (added.length > 0) {
    await trx(MEMBERS).insert(added.map((id) => ({ collection_id: collectionId, object_id: id, present: 1, changed_seq: seq })));
  }
  // Changed and gone members in one statement: after web-app edits and deletions both are common.
  const updated = [...touched, ...gone];
  if (updated.length > 0) {
    const present = gone.length === 0 ? 1 : touched.length === 0 ? 0
      : trx.raw(`CASE WHEN object_id IN (${gone.map(() => '?').join(', ')}) THEN 0 ELSE 1 END`, gone);
    await trx(MEMBERS).where('collection_id', collectionId).whereIn('object_id', updated).update({ present, changed_seq: seq });
  }
  return added.length + touched.length + gone.length > 0;
}

/**
 * Which of `chunk` the collection must hold and which are members (present or not), in one
 * statement: on MySQL every statement of a write is a round trip.
 */
async function membershipOf(u: MembershipUpdate, chunk: readonly number[]): Promise<Membership> {
  const { trx, collectionId, userId, source } = u;
  const ids = padded(chunk);
  const rows = await compiledRows<{ part: unknown; id: unknown; present: unknown }>(trx, source, `membership:${ids.length}`, (p) =>
    membershipParts(trx, source, p(0), p(1), placeholders(p, ids.length, 2)), [collectionId, userId, ...ids]);
  return membershipFrom(rows);
}

/**
 * Rows `part` 1 (a member: `id`, `present`) and 2 (visible: `id`) for `chunk`, with the journal
 * columns of `entriesAndMembership` left empty; `part` 0 is the journal's. Built once per shape
 * with placeholders (`compiledQueries.ts`): the union with the visibility rule is the costliest
 * query of a refresh for knex to compile.
 */
function membershipParts(trx: Knex.Transaction, source: MemberSource, collectionId: string, userId: string, chunk: readonly string[]): Knex.QueryBuilder {
  const noEntry = [trx.raw('null as entity'), trx.raw('null as entity_id'), trx.raw('null as related_id')];
  return trx(MEMBERS).where('collection_id', collectionId).whereIn('object_id', chunk)
    .select(trx.raw('1 as part'), 'object_id as id', 'present', ...noEntry)
    .unionAll(trx.select(trx.raw('2 as part'), 'v.id as id', trx.raw('0 as present'), ...noEntry).from(source.among(trx, userId, chunk).as('v')));
}

function membershipFrom(rows: ReadonlyArray<{ part: unknown; id: unknown; present: unknown }>): Membership {
  const visible = new Set<number>();
  const known = new Map<number, boolean>();
  for (const r of rows) {
    if (Number(r.part) === 2) visible.add(toId(r.id));
    else if (Number(r.part) === 1) known.set(toId(r.id), Number(r.present) === 1);
  }
  return { visible, known };
}

/**
 * A device write's own change (`SyncIndex.takeInOwnWrite`): the journal entries after `afterSeq`
 * (at most `limit`, ascending) and the membership of `objectId`, in one statement, since on MySQL
 * every statement of a write is a round trip. The membership is read whether or not the entries
 * turn out to be the write's own: two indexed point reads cost less than the round trip.
 */
export async function entriesAndMembership(
  u: Pick<MembershipUpdate, 'trx' | 'collectionId' | 'userId' | 'source'>, afterSeq: number, limit: number, objectId: number,
): Promise<{ entries: JournalEntry[]; membership: Membership }> {
  const { trx, collectionId, userId, source } = u;
  const rows = await compiledRows<{ part: unknown; id: unknown; present: unknown } & Record<string, unknown>>(trx, source, 'own-write', (p, int) => {
    const journal = trx(JOURNAL_TABLE).where('seq', '>', p(0)).orderBy('seq').limit(int(1)).select('seq', 'entity', 'entity_id', 'related_id');
    return trx.select(trx.raw('0 as part'), 'j.seq as id', trx.raw('0 as present'), 'j.entity', 'j.entity_id', 'j.related_id')
      .from(journal.as('j'))
      .unionAll(membershipParts(trx, source, p(2), p(3), [p(4)]));
  }, [afterSeq, limit, collectionId, userId, objectId]);
  const entries = rows.filter((r) => Number(r.part) === 0).map((r) => toJournalEntry({ ...r, seq: r.id })).sort((a, b) => a.seq - b.seq);
  return { entries, membership: membershipFrom(rows) };
}

/** Marks present members among `objectIds` as changed (their content changed). */
export async function markChanged(u: MembershipUpdate, objectIds: Iterable<number>): Promise<void> {
  for (const chunk of chunked([...objectIds])) {
    await u.trx(MEMBERS).where('collection_id', u.collectionId).andWhere('present', 1)
      .whereIn('object_id', chunk).update({ changed_seq: u.seq });
  }
}

/**
 * Marks present members changed that have an `entity` entry in (`afterSeq`, `uptoSeq`], in SQL: used
 * when there are too many entries to plan in memory.
 */
export async function markChangedFromJournal(
  u: MembershipUpdate, entity: JournalEntity, afterSeq: number,
  /** Maps the journalled ids to the member ids (default: the same), e.g. contacts to the appointments linked to them. */
  members: (journalled: Knex.QueryBuilder) => Knex.QueryBuilder = (journalled) => journalled,
): Promise<void> {
  const { trx } = u;
  await trx(MEMBERS).where('collection_id', u.collectionId).andWhere('present', 1)
    .whereIn('object_id', members(trx(JOURNAL_TABLE).where('seq', '>', afterSeq).andWhere('seq', '<=', u.seq)
      .andWhere('entity', entity).select('entity_id')))
    .update({ changed_seq: u.seq });
}

/** Whether this refresh changed any member (everything it changed carries `seq`). */
export async function anyChangeAt(u: MembershipUpdate): Promise<boolean> {
  const row = await u.trx(MEMBERS).where('collection_id', u.collectionId).andWhere('changed_seq', u.seq).first('object_id');
  return row !== undefined;
}
