import type { Knex } from 'knex';
import { toSqlDateTime } from '../sqlValues.ts';
import { JOURNAL_TABLE, SEQUENCE_TABLE } from './triggerSql.ts';

const BATCH = 10_000;

export interface HistoryPruneResult {
  /** Entries up to this sequence number are gone (0: nothing was old enough). */
  readonly prunedThroughSeq: number;
  readonly journalEntries: number;
  readonly removedMembers: number;
  readonly tombstones: number;
}

/**
 * Journal retention: entries older than `before` are deleted, with what only they made answerable
 * (removed members kept for sync reports, tombstones of deleted objects). Afterwards:
 * - every collection's `token_floor_seq` is at least the pruned number, so a sync token from before
 *   it gets 403 valid-sync-token and the device re-syncs fully (RFC 6578 §3.2);
 * - `dav_sequence.pruned_seq` tells a collection refreshed before it that its entries are gone (it
 *   re-evaluates whole instead of reading the journal, see `KnexSyncIndex`).
 * Idempotent and safe to run from several instances at once; deletes in batches so no statement
 * holds locks on a large journal for long.
 */
export async function pruneHistory(db: Knex, before: Date): Promise<HistoryPruneResult> {
  // Failed-login counters whose window ended an hour ago or more go too (same housekeeping round).
  await db('dav_login_failures').where('expire', '<', Date.now() - 3_600_000).delete();
  // Devices not seen within the retention are forgotten by diagnose.
  await db('dav_devices').where('last_seen_at', '<', toSqlDateTime(before)).delete();
  const cutoff = toSqlDateTime(before);
  const found = await db(JOURNAL_TABLE).where('created_at', '<', cutoff).max({ seq: 'seq' }).first();
  const through = Number(found?.seq ?? 0);
  const none: HistoryPruneResult = { prunedThroughSeq: through, journalEntries: 0, removedMembers: 0, tombstones: 0 };
  if (!through) return none;

  await db(SEQUENCE_TABLE).where('id', 1).andWhere('pruned_seq', '<', through).update({ pruned_seq: through });
  await db('dav_collections').where('token_floor_seq', '<', through).update({ token_floor_seq: through });

  let journalEntries = 0;
  for (;;) {
    const lowest = await db(JOURNAL_TABLE).min({ seq: 'seq' }).first();
    const from = Number(lowest?.seq ?? through + 1);
    if (from > through) break;
    journalEntries += await db(JOURNAL_TABLE).where('seq', '<=', Math.min(through, from + BATCH - 1)).delete();
  }
  const removedMembers = await db('dav_collection_members').where('present', 0).andWhere('changed_seq', '<=', through).delete();
  const tombstones = await db('dav_objects').where('deleted', 1).andWhere('updated_at', '<', cutoff).delete();
  return { prunedThroughSeq: through, journalEntries, removedMembers, tombstones };
}
