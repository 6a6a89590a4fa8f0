import type { Knex } from 'knex';
import { runningAgainAfterConflicts } from './journal/dbErrors.ts';

/**
 * Value conversions (and two small query helpers) shared by every knex repository, so that the same code runs on MySQL (mysql2 with
 * `dateStrings: true`, `timezone: 'Z'`) and SQLite (better-sqlite3, which cannot bind Date or boolean).
 * Instants are always written as UTC text `YYYY-MM-DD HH:MM:SS.mmm`, which both databases store as is.
 */

/** A Date as the UTC DATETIME(3) literal both databases accept. */
export function toSqlDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot store an invalid Date.');
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export function toSqlDateTimeOrNull(date: Date | null): string | null {
  return date === null ? null : toSqlDateTime(date);
}

/** Midnight UTC of an ISO calendar date, as stored for all-day appointments. */
export function dateToSqlMidnight(isoDate: string): string {
  return `${isoDate.slice(0, 10)} 00:00:00.000`;
}

/**
 * Reads a DATETIME column. Strings are UTC without zone (`YYYY-MM-DD HH:MM:SS[.mmm]`, the SQLite
 * CURRENT_TIMESTAMP default has no milliseconds); Date and epoch numbers are accepted for safety.
 */
export function fromSqlDateTime(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') {
    const iso = value.includes('T') ? value : value.replace(' ', 'T');
    const withZone = /(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`;
    const date = new Date(withZone);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new TypeError(`Not a DATETIME value: ${String(value)}`);
}

export function fromSqlDateTimeOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : fromSqlDateTime(value);
}

/** The `YYYY-MM-DD` part of a DATE/DATETIME column (mysql2 returns DATE as that string already). */
export function fromSqlDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

export function fromSqlDateOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : fromSqlDate(value);
}

/** Booleans are bound as 0/1 (better-sqlite3 rejects JS booleans; MySQL TINYINT(1) is the same). */
export function toSqlBool(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

export function fromSqlBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 1n;
}

/** Integer columns may come back as strings or bigints depending on driver settings. */
export function toId(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new TypeError(`Not an integer id: ${String(value)}`);
  return n;
}

/** Placeholder lists are limited (SQLite: 32766 variables); `whereIn` is split into chunks of this size. */
export const IN_CHUNK_SIZE = 500;

export function chunked<T>(items: readonly T[], size = IN_CHUNK_SIZE): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Chunks of at most `size` items whose weights add up to at most `maxWeight` (an item heavier than
 * that alone forms its own chunk).
 */
export function chunkedByWeight<T>(items: readonly T[], weigh: (item: T) => number, maxWeight: number, size = IN_CHUNK_SIZE): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let weight = 0;
  for (const item of items) {
    const w = weigh(item);
    if (current.length > 0 && (current.length >= size || weight + w > maxWeight)) {
      chunks.push(current);
      current = [];
      weight = 0;
    }
    current.push(item);
    weight += w;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Distinct ids in ascending order (inputs may repeat ids; primary keys must not). */
export function distinctIds(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The id of the row just inserted; both drivers return `[insertId]` from a plain insert. */
export async function insertReturningId(db: Knex | Knex.Transaction, table: string, row: Record<string, unknown>): Promise<number> {
  const [id] = await db(table).insert(row);
  return toId(id);
}

/**
 * Runs `work` atomically: in a transaction of its own on a Knex instance, run again when it lost a
 * deadlock (as `Transactions.run` does: concurrent callers get their answer, never the driver's
 * error); inside a transaction, as part of it (no savepoint: an error thrown by `work` rolls the
 * caller's transaction back whole, and the caller's transaction is the one to run again; on MySQL
 * each savepoint costs two more round trips per write).
 */
export function atomically<T>(db: Knex | Knex.Transaction, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return isTransaction(db) ? work(db) : runningAgainAfterConflicts(() => db.transaction(work));
}

export function isTransaction(db: Knex | Knex.Transaction): db is Knex.Transaction {
  return (db as Knex.Transaction).isTransaction === true;
}
