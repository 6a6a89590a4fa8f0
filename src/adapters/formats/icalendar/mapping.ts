import type { TaskPriority, TaskStatus } from '../../../domain/index.ts';

/** RFC 5545 §3.8.1.9: 1-4 high, 5 (and 0 = undefined) normal, 6-9 low. */
export function priorityFromIcal(value: number | null): TaskPriority {
  if (value === null || !Number.isFinite(value) || value === 0 || value === 5) return 'normal';
  return value < 5 ? 'high' : 'low';
}

export const PRIORITY_TO_ICAL: Record<TaskPriority, number> = { high: 1, normal: 5, low: 9 };

/** RFC 5545 §3.8.1.11 VTODO statuses. */
export const STATUS_TO_ICAL: Record<TaskStatus, string> = {
  open: 'NEEDS-ACTION',
  'in-progress': 'IN-PROCESS',
  done: 'COMPLETED',
  cancelled: 'CANCELLED',
};

export function statusFromIcal(value: string | null, completed: boolean): TaskStatus {
  switch ((value ?? '').trim().toUpperCase()) {
    case 'IN-PROCESS':
      return 'in-progress';
    case 'COMPLETED':
      return 'done';
    case 'CANCELLED':
      return 'cancelled';
    case 'NEEDS-ACTION':
      return 'open';
    default:
      return completed ? 'done' : 'open';
  }
}
