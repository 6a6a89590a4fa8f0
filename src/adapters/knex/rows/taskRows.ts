import type { Task, TaskFields, TaskPriority, TaskStatus } from '../../../domain/index.ts';
import { fromSqlBool, fromSqlDateTimeOrNull, toId, toSqlBool, toSqlDateTimeOrNull } from '../sqlValues.ts';
import { assignedObjectBase } from './assignedRows.ts';

export interface TaskRow {
  id: unknown; title: string; description: string | null; due_at: unknown; due_all_day: unknown; status: TaskStatus;
  priority: TaskPriority; percent_complete: unknown; completed_at: unknown; contact_id: unknown; owner_id: unknown;
  version: unknown; created_at: unknown; updated_at: unknown;
}

export const TASK_COLUMNS = [
  'id', 'title', 'description', 'due_at', 'due_all_day', 'status', 'priority', 'percent_complete', 'completed_at',
  'contact_id', 'owner_id', 'created_at', 'updated_at',
] as const;

/** Status and priority are stored as the domain's strings (the schema's ENUM values are the same). */
export function taskFieldsToRow(f: TaskFields): Record<string, unknown> {
  return {
    title: f.title, description: f.description, due_at: toSqlDateTimeOrNull(f.due), due_all_day: toSqlBool(f.dueAllDay),
    status: f.status, priority: f.priority, percent_complete: f.percentComplete,
    completed_at: toSqlDateTimeOrNull(f.completedAt), contact_id: f.contactId,
  };
}

export function taskFromRow(row: TaskRow, assigneeIds: readonly number[]): Task {
  return {
    ...assignedObjectBase(row, assigneeIds),
    title: row.title,
    description: row.description,
    due: fromSqlDateTimeOrNull(row.due_at),
    dueAllDay: fromSqlBool(row.due_all_day),
    status: row.status,
    priority: row.priority,
    percentComplete: toId(row.percent_complete),
    completedAt: fromSqlDateTimeOrNull(row.completed_at),
    contactId: row.contact_id === null || row.contact_id === undefined ? null : toId(row.contact_id),
  };
}
