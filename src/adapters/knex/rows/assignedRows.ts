import { fromSqlDateTime, toId } from '../sqlValues.ts';

/** Columns every assigned CRM object (appointment, task) has besides its own fields. */
export interface AssignedObjectRow {
  id: unknown;
  owner_id: unknown;
  version: unknown;
  created_at: unknown;
  updated_at: unknown;
}

/** The identity, assignment and versioning part of an appointment or task. */
export function assignedObjectBase(row: AssignedObjectRow, assigneeIds: readonly number[]) {
  return {
    id: toId(row.id),
    ownerId: toId(row.owner_id),
    assigneeIds: [...assigneeIds],
    version: toId(row.version),
    createdAt: fromSqlDateTime(row.created_at),
    updatedAt: fromSqlDateTime(row.updated_at),
  };
}
