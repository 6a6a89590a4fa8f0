import type { Knex } from 'knex';
import type { JournalEntity, JournalEntry } from '../../../domain/index.ts';
import { chunked, toId } from '../sqlValues.ts';
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
  const rows: Array<Record<string, unknown>> = await db(JOURNAL_TABLE)
    .where('seq', '>', afterSeq).andWhere('seq', '<=', uptoSeq).whereIn('entity', entities)
    .orderBy('seq').limit(limit).select('seq', 'entity', 'entity_id', 'related_id');
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
  const { trx, collectionId, seq } = u;
  let changed = false;
  for (const chunk of chunked([...objectIds])) {
    const { visible, known } = await membershipOf(u, chunk);
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
    changed ||= added.length + touched.length + gone.length > 0;
  }
  return changed;
}

/**
 * Which of `chunk` the collection must hold and which are members (present or not), in one
 * statement: on MySQL every statement of a write is a round trip.
 */
async function membershipOf(u: MembershipUpdate, chunk: readonly number[]): Promise<{ visible: Set<number>; known: Map<number, boolean> }> {
  const { trx, collectionId, userId, source } = u;
  const members = trx(MEMBERS).where('collection_id', collectionId).whereIn('object_id', chunk)
    .select('object_id', 'present', trx.raw('0 as visible'));
  const rows: Array<{ object_id: unknown; present: unknown; visible: unknown }> = await members
    .unionAll(trx.select('v.id as object_id', trx.raw('0 as present'), trx.raw('1 as visible')).from(source.among(trx, userId, chunk).as('v')));
  const visible = new Set<number>();
  const known = new Map<number, boolean>();
  for (const r of rows) {
    if (Number(r.visible) === 1) visible.add(toId(r.object_id));
    else known.set(toId(r.object_id), Number(r.present) === 1);
  }
  return { visible, known };
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
