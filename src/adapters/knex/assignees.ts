import type { Knex } from 'knex';
import { distinctIds, toId } from './sqlValues.ts';

/** An assignee link table: `appointment_assignees(appointment_id, user_id)` or `task_assignees(task_id, user_id)`. */
export interface AssigneeTable {
  readonly table: 'appointment_assignees' | 'task_assignees';
  readonly objectColumn: 'appointment_id' | 'task_id';
}

export const APPOINTMENT_ASSIGNEES: AssigneeTable = { table: 'appointment_assignees', objectColumn: 'appointment_id' };
export const TASK_ASSIGNEES: AssigneeTable = { table: 'task_assignees', objectColumn: 'task_id' };

/** Assignee ids (ascending) of each object among `objectIds`, in one query. */
export async function loadAssignees(db: Knex | Knex.Transaction, t: AssigneeTable, objectIds: readonly number[]): Promise<Map<number, number[]>> {
  const byObject = new Map<number, number[]>();
  if (objectIds.length === 0) return byObject;
  const rows: Array<Record<string, unknown>> = await db(t.table).whereIn(t.objectColumn, objectIds)
    .orderBy([{ column: t.objectColumn }, { column: 'user_id' }]).select(t.objectColumn, 'user_id');
  for (const row of rows) {
    const objectId = toId(row[t.objectColumn]);
    let list = byObject.get(objectId);
    if (!list) byObject.set(objectId, (list = []));
    list.push(toId(row.user_id));
  }
  return byObject;
}

/** Replaces the assignees of one object (duplicates in `userIds` are ignored). */
export async function replaceAssignees(trx: Knex.Transaction, t: AssigneeTable, objectId: number, userIds: readonly number[]): Promise<void> {
  const wanted = distinctIds(userIds);
  const current = (await loadAssignees(trx, t, [objectId])).get(objectId) ?? [];
  // Only the difference is written, so that triggers journal exactly the real (un)assignments.
  const removed = current.filter((id) => !wanted.includes(id));
  const added = wanted.filter((id) => !current.includes(id));
  if (removed.length > 0) await trx(t.table).where(t.objectColumn, objectId).whereIn('user_id', removed).delete();
  if (added.length > 0) await trx(t.table).insert(added.map((userId) => ({ [t.objectColumn]: objectId, user_id: userId })));
}

/** Ids of the objects assigned to `userId`, ascending (served by the `(user_id, object_id)` index). */
export async function assignedObjectIds(db: Knex | Knex.Transaction, t: AssigneeTable, userId: number): Promise<number[]> {
  const rows: Array<Record<string, unknown>> = await db(t.table).where('user_id', userId).orderBy(t.objectColumn).select(t.objectColumn);
  return rows.map((r) => toId(r[t.objectColumn]));
}
