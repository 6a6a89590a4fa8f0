import type { Knex } from 'knex';
import { dialectOf } from '../journal/triggerSql.ts';
import type { AppointmentRow, ContactSeed, TaskSeed } from './seedRows.ts';

/**
 * Writes generated seed rows fast: multi-row INSERT statements (not the one-row repository API),
 * ids assigned up front from MAX(id)+1 inside each transaction so that addresses, phones, e-mails
 * and assignees can be inserted by id range without reading ids back. Database triggers (change
 * journal) still fire once per row; that cost is part of what the operator measures.
 *
 * Meant for an operator's seed run, not for concurrent writers: a row inserted by someone else
 * between MAX(id) and the INSERT would make the transaction fail (and roll back), not corrupt data.
 */
export interface BulkOptions {
  /** Rows per INSERT statement (SQLite allows 32 766 bound values per statement). */
  readonly batchSize?: number;
  /** Objects per transaction: bounds lock time and undo size on MySQL. */
  readonly perTransaction?: number;
  /** Called after each committed transaction with the number of objects written so far by this call. */
  readonly onProgress?: (written: number) => void;
}

export type RowCounts = Record<string, number>;

const CONTACT_COLUMNS = ['id', 'kind', 'salutation', 'title', 'first_name', 'last_name', 'company', 'department',
  'position', 'birthday', 'notes', 'website', 'owner_id'] as const;
const ADDRESS_COLUMNS = ['contact_id', 'position', 'type', 'street', 'postal_code', 'city', 'region', 'country'] as const;
const APPOINTMENT_COLUMNS = ['id', 'title', 'location', 'description', 'starts_at', 'ends_at', 'time_zone', 'all_day',
  'rrule', 'owner_id'] as const;
const TASK_COLUMNS = ['id', 'title', 'description', 'due_at', 'due_all_day', 'status', 'priority', 'percent_complete',
  'completed_at', 'contact_id', 'owner_id'] as const;

function count(counts: RowCounts, table: string, n: number): void {
  counts[table] = (counts[table] ?? 0) + n;
}

/** INSERT … VALUES (…),(…) in slices of `batchSize`; backticks quote identifiers on MySQL and SQLite alike. */
export async function insertBatched(
  db: Knex | Knex.Transaction, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], batchSize = 1000,
): Promise<number> {
  const head = `insert into \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += batchSize) {
    const slice = rows.slice(i, i + batchSize);
    await db.raw(head + new Array(slice.length).fill(tuple).join(', '), slice.flat() as Knex.RawBinding[]);
  }
  return rows.length;
}

async function nextId(trx: Knex.Transaction, table: string): Promise<number> {
  const row = (await trx(table).max({ max: 'id' }).first()) as { max: unknown } | undefined;
  return Number(row?.max ?? 0) + 1;
}

/**
 * Lets rows reference parents inserted later in the same transaction. SQLite defers the foreign
 * key checks to COMMIT (and resets the pragma itself). MySQL has no deferred checks, so they are
 * switched off for this connection and back on before the connection returns to the pool; the ids
 * are computed here, so the references are consistent by construction.
 */
async function withForeignKeysLater(trx: Knex.Transaction, work: () => Promise<void>): Promise<void> {
  if (dialectOf(trx) === 'sqlite') {
    await trx.raw('PRAGMA defer_foreign_keys = ON');
    return work();
  }
  await trx.raw('SET foreign_key_checks = 0');
  try {
    await work();
  } finally {
    await trx.raw('SET foreign_key_checks = 1');
  }
}

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Inserts contacts (with addresses, phones, e-mails) owned by `ownerId`; returns their ids in order. */
export async function writeContacts(
  knex: Knex, ownerId: number, seeds: Iterable<ContactSeed>, counts: RowCounts, options: BulkOptions = {},
): Promise<number[]> {
  const { batchSize = 1000, perTransaction = 10_000 } = options;
  const ids: number[] = [];
  for (const chunk of chunks(seeds, perTransaction)) {
    await knex.transaction(async (trx) => {
      const first = await nextId(trx, 'contacts');
      const contacts: unknown[][] = [];
      const addresses: unknown[][] = [];
      const phones: unknown[][] = [];
      const emails: unknown[][] = [];
      chunk.forEach((seed, i) => {
        const id = first + i;
        const c = seed.contact;
        contacts.push([id, c.kind, c.salutation, c.title, c.first_name, c.last_name, c.company, c.department,
          c.position, c.birthday, c.notes, c.website, ownerId]);
        seed.addresses.forEach((a, p) => addresses.push([id, p, a.type, a.street, a.postal_code, a.city, a.region, a.country]));
        seed.phones.forEach((ph, p) => phones.push([id, p, ph.type, ph.number]));
        seed.emails.forEach((e, p) => emails.push([id, p, e.type, e.address]));
      });
      // Sub-records first, then their contacts: the sub-record triggers' "bump the contact's version"
      // UPDATE then finds no row yet, so each new contact is journalled once (by its own insert
      // trigger) instead of once more per address, phone and e-mail: the same change for DAV, at a
      // third of the trigger work. The foreign keys are checked at commit (see `withForeignKeysLater`).
      await withForeignKeysLater(trx, async () => {
        count(counts, 'contact_addresses', await insertBatched(trx, 'contact_addresses', ADDRESS_COLUMNS, addresses, batchSize));
        count(counts, 'contact_phones', await insertBatched(trx, 'contact_phones', ['contact_id', 'position', 'type', 'number'], phones, batchSize));
        count(counts, 'contact_emails', await insertBatched(trx, 'contact_emails', ['contact_id', 'position', 'type', 'address'], emails, batchSize));
        count(counts, 'contacts', await insertBatched(trx, 'contacts', CONTACT_COLUMNS, contacts, batchSize));
      });
      for (let i = 0; i < chunk.length; i++) ids.push(first + i);
    });
    options.onProgress?.(ids.length);
  }
  return ids;
}

/** Inserts appointments owned by `ownerId` and assigned to `assigneeIds`; returns their ids. */
export async function writeAppointments(
  knex: Knex, ownerId: number, assigneeIds: readonly number[], rows: Iterable<AppointmentRow>, counts: RowCounts,
  options: BulkOptions = {},
): Promise<number[]> {
  const { batchSize = 1000, perTransaction = 10_000 } = options;
  const ids: number[] = [];
  for (const chunk of chunks(rows, perTransaction)) {
    await knex.transaction(async (trx) => {
      const first = await nextId(trx, 'appointments');
      const values = chunk.map((a, i) => [first + i, a.title, a.location, a.description, a.starts_at, a.ends_at,
        a.time_zone, a.all_day, a.rrule, ownerId]);
      const assignees = chunk.flatMap((_, i) => assigneeIds.map((u) => [first + i, u]));
      count(counts, 'appointments', await insertBatched(trx, 'appointments', APPOINTMENT_COLUMNS, values, batchSize));
      count(counts, 'appointment_assignees', await insertBatched(trx, 'appointment_assignees', ['appointment_id', 'user_id'], assignees, batchSize));
      for (let i = 0; i < chunk.length; i++) ids.push(first + i);
    });
    options.onProgress?.(ids.length);
  }
  return ids;
}

/** Inserts tasks owned by `ownerId`; `contactIds[contactIndex]` links a task to a contact of the same run. */
export async function writeTasks(
  knex: Knex, ownerId: number, assigneeIds: readonly number[], seeds: Iterable<TaskSeed>, contactIds: readonly number[],
  counts: RowCounts, options: BulkOptions = {},
): Promise<number[]> {
  const { batchSize = 1000, perTransaction = 10_000 } = options;
  const ids: number[] = [];
  for (const chunk of chunks(seeds, perTransaction)) {
    await knex.transaction(async (trx) => {
      const first = await nextId(trx, 'tasks');
      const values = chunk.map(({ task: t, contactIndex }, i) => [first + i, t.title, t.description, t.due_at,
        t.due_all_day, t.status, t.priority, t.percent_complete, t.completed_at,
        contactIndex === null ? null : (contactIds[contactIndex] ?? null), ownerId]);
      const assignees = chunk.flatMap((_, i) => assigneeIds.map((u) => [first + i, u]));
      count(counts, 'tasks', await insertBatched(trx, 'tasks', TASK_COLUMNS, values, batchSize));
      count(counts, 'task_assignees', await insertBatched(trx, 'task_assignees', ['task_id', 'user_id'], assignees, batchSize));
      for (let i = 0; i < chunk.length; i++) ids.push(first + i);
    });
    options.onProgress?.(ids.length);
  }
  return ids;
}
