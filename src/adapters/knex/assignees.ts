import type { Knex } from 'knex';
import type { CrmSchema } from './schema/crmSchema.ts';
import { distinctIds, toId } from './sqlValues.ts';

/** An assignee link table (logical names): `appointment_assignees(appointment_id, user_id)` or `task_assignees(task_id, user_id)`. */
export type AssigneeTable =
  | { readonly table: 'appointment_assignees'; readonly objectColumn: 'appointment_id' }
  | { readonly table: 'task_assignees'; readonly objectColumn: 'task_id' };

export const APPOINTMENT_ASSIGNEES: AssigneeTable = { table: 'appointment_assignees', objectColumn: 'appointment_id' };
export const TASK_ASSIGNEES: AssigneeTable = { table: 'task_assignees', objectColumn: 'task_id' };

type Db = Knex | Knex.Transaction;

/** Physical names of one assignee table. */
function names(s: CrmSchema, t: AssigneeTable) {
  return { table: s.t(t.table), object: s.c(t.table, t.objectColumn), user: s.c(t.table, 'user_id') };
}

/** Assignee ids (ascending) of each object among `objectIds`, in one query. */
export async function loadAssignees(db: Db, s: CrmSchema, t: AssigneeTable, objectIds: readonly number[]): Promise<Map<number, number[]>> {
  const byObject = new Map<number, number[]>();
  if (objectIds.length === 0) return byObject;
  const n = names(s, t);
  const rows: Array<{ object_id: unknown; user_id: unknown }> = await db(n.table).whereIn(n.object, objectIds)
    .orderBy([{ column: n.object }, { column: n.user }]).select(`${n.object} as object_id`, `${n.user} as user_id`);
  for (const row of rows) {
    const objectId = toId(row.object_id);
    let list = byObject.get(objectId);
    if (!list) byObject.set(objectId, (list = []));
    list.push(toId(row.user_id));
  }
  return byObject;
}

/** Replaces the assignees of one object (duplicates in `userIds` are ignored). */
export async function replaceAssignees(trx: Knex.Transaction, s: CrmSchema, t: AssigneeTable, objectId: number, userIds: readonly number[]): Promise<void> {
  const n = names(s, t);
  const wanted = distinctIds(userIds);
  const current = (await loadAssignees(trx, s, t, [objectId])).get(objectId) ?? [];
  // Only the difference is written, so that triggers journal exactly the real (un)assignments.
  const removed = current.filter((id) => !wanted.includes(id));
  const added = wanted.filter((id) => !current.includes(id));
  if (removed.length > 0) await trx(n.table).where(n.object, objectId).whereIn(n.user, removed).delete();
  if (added.length > 0) await trx(n.table).insert(added.map((userId) => ({ [n.object]: objectId, [n.user]: userId })));
}

/** The assignees of an object just created (no links yet, so nothing to read or delete first). */
export async function insertAssignees(trx: Knex.Transaction, s: CrmSchema, t: AssigneeTable, objectId: number, userIds: readonly number[]): Promise<void> {
  const n = names(s, t);
  const wanted = distinctIds(userIds);
  if (wanted.length > 0) await trx(n.table).insert(wanted.map((userId) => ({ [n.object]: objectId, [n.user]: userId })));
}

/** Ids of the objects assigned to `userId`, ascending (served by the `(user_id, object_id)` index). */
export async function assignedObjectIds(db: Db, s: CrmSchema, t: AssigneeTable, userId: number): Promise<number[]> {
  const n = names(s, t);
  const rows: Array<{ object_id: unknown }> = await db(n.table).where(n.user, userId).orderBy(n.object).select(`${n.object} as object_id`);
  return rows.map((r) => toId(r.object_id));
}
