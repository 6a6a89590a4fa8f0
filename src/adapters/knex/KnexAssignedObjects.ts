import type { Knex } from 'knex';
import type { Clock } from '../../ports/index.ts';
import { assignedObjectIds, loadAssignees, replaceAssignees, type AssigneeTable } from './assignees.ts';
import { atomically, chunked, insertReturningId, toId, toSqlDateTime } from './sqlValues.ts';

/** How one kind of assigned object (appointment, task) maps to its table. */
export interface AssignedObjectMapping<T, F> {
  readonly table: 'appointments' | 'tasks';
  readonly columns: readonly string[];
  readonly assignees: AssigneeTable;
  fieldsToRow(fields: F): Record<string, unknown>;
  fromRow(row: never, assigneeIds: readonly number[]): T;
}

/**
 * The storage shared by {@link AppointmentBook} and {@link TaskList}: a CRM row plus an assignee link
 * table. `version` is left to the database's triggers and read back after every write.
 */
export abstract class KnexAssignedObjects<T, F> {
  protected constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly clock: Clock,
    private readonly mapping: AssignedObjectMapping<T, F>,
  ) {}

  async get(id: number): Promise<T | null> {
    return (await this.load(this.db, [id]))[0] ?? null;
  }

  async getMany(ids: readonly number[]): Promise<T[]> {
    const found: T[] = [];
    for (const chunk of chunked([...new Set(ids)])) found.push(...(await this.load(this.db, chunk)));
    return found;
  }

  async create(ownerId: number, assigneeIds: readonly number[], fields: F): Promise<T> {
    return atomically(this.db, async (trx) => {
      const now = toSqlDateTime(this.clock.now());
      const id = await insertReturningId(trx, this.mapping.table, {
        ...this.mapping.fieldsToRow(fields), owner_id: ownerId, created_at: now, updated_at: now,
      });
      await replaceAssignees(trx, this.mapping.assignees, id, assigneeIds);
      return this.reload(trx, id);
    });
  }

  async update(id: number, fields: F): Promise<T | null> {
    return atomically(this.db, async (trx) => {
      const changed = await trx(this.mapping.table).where('id', id)
        .update({ ...this.mapping.fieldsToRow(fields), updated_at: toSqlDateTime(this.clock.now()) });
      return changed === 0 ? null : this.reload(trx, id);
    });
  }

  async delete(id: number): Promise<boolean> {
    // Assignee links go with it (ON DELETE CASCADE).
    return (await this.db(this.mapping.table).where('id', id).delete()) > 0;
  }

  async setAssignees(id: number, assigneeIds: readonly number[]): Promise<T | null> {
    return atomically(this.db, async (trx) => {
      const exists = await trx(this.mapping.table).where('id', id).first('id');
      if (!exists) return null;
      await replaceAssignees(trx, this.mapping.assignees, id, assigneeIds);
      return this.reload(trx, id);
    });
  }

  async assignedIds(userId: number): Promise<number[]> {
    return assignedObjectIds(this.db, this.mapping.assignees, userId);
  }

  private async reload(db: Knex.Transaction, id: number): Promise<T> {
    const [found] = await this.load(db, [id]);
    if (found === undefined) throw new Error(`${this.mapping.table} ${id} vanished during its own write.`);
    return found;
  }

  /** The objects among `ids` (at most one chunk) with their assignees: one query per table. */
  private async load(db: Knex | Knex.Transaction, ids: readonly number[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await db(this.mapping.table).whereIn('id', ids).orderBy('id')
      .select(...this.mapping.columns);
    if (rows.length === 0) return [];
    const assignees = await loadAssignees(db, this.mapping.assignees, rows.map((r) => toId(r.id)));
    return rows.map((row) => this.mapping.fromRow(row as never, assignees.get(toId(row.id)) ?? []));
  }
}
