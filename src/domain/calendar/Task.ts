/** A BrokerStar task ("Aufgabe"). */
export type TaskStatus = 'open' | 'in-progress' | 'done' | 'cancelled';
export const TASK_STATUSES: readonly TaskStatus[] = ['open', 'in-progress', 'done', 'cancelled'];

/** BrokerStar priorities; mapped to iCalendar PRIORITY 1 (high), 5 (normal), 9 (low). */
export type TaskPriority = 'high' | 'normal' | 'low';

export interface TaskFields {
  readonly title: string;
  readonly description: string | null;
  /** Due instant; `dueAllDay` tasks are due on the (UTC) date of `due`. */
  readonly due: Date | null;
  readonly dueAllDay: boolean;
  readonly status: TaskStatus;
  readonly priority: TaskPriority;
  /** 0–100; BrokerStar sets 100 when a task is done. */
  readonly percentComplete: number;
  readonly completedAt: Date | null;
  readonly contactId: number | null;
}

export interface Task extends TaskFields {
  readonly id: number;
  readonly ownerId: number;
  readonly assigneeIds: readonly number[];
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Keeps status, percentage and completion date consistent, as BrokerStar's own UI does. */
export function normalizeTaskCompletion(fields: TaskFields, now: Date): TaskFields {
  if (fields.status === 'done') {
    return { ...fields, percentComplete: 100, completedAt: fields.completedAt ?? now };
  }
  return { ...fields, completedAt: null, percentComplete: Math.max(0, Math.min(99, Math.round(fields.percentComplete))) };
}
