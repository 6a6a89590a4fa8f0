import type { Knex } from 'knex';
import type { JournalEntity } from '../../../domain/index.ts';
import { JOURNAL_TABLE, SEQUENCE_TABLE, nowSql, dialectOf } from './triggerSql.ts';
import { compiledRows, PLUGIN_TABLES } from '../compiledQueries.ts';

type Db = Knex | Knex.Transaction;

/** The sequence row: the highest number committed so far and the highest whose entries were pruned. */
export async function readSequence(db: Db): Promise<{ seq: number; prunedSeq: number }> {
  // By primary key, no LIMIT: at most one row, and a compiled shape without `LIMIT ?` stays prepared on MySQL.
  const [row] = await compiledRows<{ value: unknown; pruned_seq: unknown }>(db, PLUGIN_TABLES, 'sequence', () =>
    db(SEQUENCE_TABLE).where('id', 1).select('value', 'pruned_seq'), []);
  return { seq: Number(row?.value ?? 0), prunedSeq: Number(row?.pruned_seq ?? 0) };
}

/**
 * Writes one journal entry from application code, numbered from the same sequence as the
 * triggers' entries. Must run in a transaction: the sequence row stays locked until it commits,
 * which keeps numbers in commit order (see `emitSql`). Two statements: the entry takes its number
 * from the row in the INSERT itself, as the SQLite triggers do, instead of a read in between.
 */
export async function appendJournal(trx: Knex.Transaction, entity: JournalEntity, entityId: number, relatedId: number | null): Promise<void> {
  await trx(SEQUENCE_TABLE).where('id', 1).increment('value', 1);
  // Our own uncommitted update is visible to us; nobody else can change the row before we commit.
  await trx.raw(
    `INSERT INTO ${JOURNAL_TABLE} (seq, entity, entity_id, related_id, created_at) ` +
      `SELECT value, ?, ?, ?, ${nowSql(dialectOf(trx))} FROM ${SEQUENCE_TABLE} WHERE id = 1`,
    [entity, entityId, relatedId],
  );
}
