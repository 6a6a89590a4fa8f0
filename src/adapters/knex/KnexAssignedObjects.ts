import type { Knex } from 'knex';
import type { ObjectKind } from '../../domain/index.ts';
import type { Clock, WrittenRecord } from '../../ports/index.ts';
import { assignedObjectIds, insertAssignees, loadAssignees, replaceAssignees, type AssigneeTable } from './assignees.ts';
import type { CrmSchema } from './schema/crmSchema.ts';
import { joinVersion, readVersion, versionColumn } from './schema/objectVersions.ts';
import { fitToColumns } from './schema/columnLimits.ts';
import { atomically, chunked, insertReturningId, toId, toSqlDateTime } from './sqlValues.ts';

/** How one kind of assigned object (appointment, task) maps to its table. */
export interface AssignedObjectMapping<T, F> {
  readonly table: 'appointments' | 'tasks';
  readonly kind: ObjectKind;
  /** Logical CRM columns (the version comes from `dav_object_versions`). */
  readonly columns: readonly string[];
  readonly assignees: AssigneeTable;
  fieldsToRow(fields: F): Record<string, unknown>;
  fromRow(row: never, assigneeIds: readonly number[]): T;
}

/**
 * The storage shared by {@link AppointmentBook} and {@link TaskList}: a CRM row plus an assignee link
 * table, named by the installation's {@link CrmSchema}. The version is left to the database's
 * triggers and read back after every write (create and update return only id and version: the
 * caller has the fields it wrote).
 */
export abstract class KnexAssignedObjects<T, F> {
  protected constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly clock: Clock,
    private readonly mapping: AssignedObjectMapping<T, F>,
    private readonly s: CrmSchema,
  ) {}

  private get table(): string {
    return this.s.t(this.mapping.table);
  }

  private get idColumn(): string {
    return this.s.c(this.mapping.table, 'id');
  }

  async get(id: number): Promise<T | null> {
    return (await this.load(this.db, [id]))[0] ?? null;
  }

  async getMany(ids: readonly number[]): Promise<T[]> {
    const found: T[] = [];
    for (const chunk of chunked([...new Set(ids)])) found.push(...(await this.load(this.db, chunk)));
    return found;
  }

  async create(ownerId: number, assigneeIds: readonly number[], fields: F): Promise<WrittenRecord> {
    return atomically(this.db, async (trx) => {
      const now = toSqlDateTime(this.clock.now());
      const id = await insertReturningId(trx, this.table, this.s.row(this.mapping.table, await fitToColumns(trx, this.s, this.mapping.table, {
        ...this.mapping.fieldsToRow(fields), owner_id: ownerId, created_at: now, updated_at: now,
      })));
      await insertAssignees(trx, this.s, this.mapping.assignees, id, assigneeIds);
      return { id, version: await readVersion(trx, this.mapping.kind, id) };
    });
  }

  async update(id: number, fields: F): Promise<WrittenRecord | null> {
    return atomically(this.db, async (trx) => {
      const changed = await trx(this.table).where(this.idColumn, id)
        .update(this.s.row(this.mapping.table, await fitToColumns(trx, this.s, this.mapping.table, { ...this.mapping.fieldsToRow(fields), updated_at: toSqlDateTime(this.clock.now()) })));
      return changed === 0 ? null : { id, version: await readVersion(trx, this.mapping.kind, id) };
    });
  }

  async delete(id: number): Promise<boolean> {
    // Assignee links go with it (the CRM's ON DELETE CASCADE).
    return (await this.db(this.table).where(this.idColumn, id).delete()) > 0;
  }

  async setAssignees(id: number, assigneeIds: readonly number[]): Promise<T | null> {
    return atomically(this.db, async (trx) => {
      const exists = await trx(this.table).where(this.idColumn, id).first(this.idColumn);
      if (!exists) return null;
      await replaceAssignees(trx, this.s, this.mapping.assignees, id, assigneeIds);
      return this.reload(trx, id);
    });
  }

  async assignedIds(userId: number): Promise<number[]> {
    return assignedObjectIds(this.db, this.s, this.mapping.assignees, userId);
  }

  private async reload(db: Knex.Transaction, id: number): Promise<T> {
    const [found] = await this.load(db, [id]);
    if (found === undefined) throw new Error(`${this.mapping.table} ${id} vanished during its own write.`);
    return found;
  }

  /** The objects among `ids` (at most one chunk) with their assignees: one query per table. */
  private async load(db: Knex | Knex.Transaction, ids: readonly number[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const id = this.s.c(this.mapping.table, 'id', 'o');
    const rows: Array<Record<string, unknown>> = await joinVersion(db(this.s.as(this.mapping.table, 'o')), this.mapping.kind, id)
      .whereIn(id, ids).orderBy(id).select(...this.s.select(this.mapping.table, this.mapping.columns, 'o'), versionColumn(db));
    if (rows.length === 0) return [];
    const assignees = await loadAssignees(db, this.s, this.mapping.assignees, rows.map((r) => toId(r.id)));
    return rows.map((row) => this.mapping.fromRow(row as never, assignees.get(toId(row.id)) ?? []));
  }
}
