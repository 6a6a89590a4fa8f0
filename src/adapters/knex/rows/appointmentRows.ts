import type { Appointment, AppointmentFields } from '../../../domain/index.ts';
import { toId, dateToSqlMidnight, fromSqlBool, fromSqlDate, fromSqlDateTime, toSqlBool, toSqlDateTime } from '../sqlValues.ts';
import { assignedObjectBase } from './assignedRows.ts';

export interface AppointmentRow {
  id: unknown; title: string; location: string | null; description: string | null; starts_at: unknown; ends_at: unknown;
  time_zone: string; all_day: unknown; rrule: string | null; owner_id: unknown; contact_id: unknown; version: unknown;
  created_at: unknown; updated_at: unknown;
}

export const APPOINTMENT_COLUMNS = [
  'id', 'title', 'location', 'description', 'starts_at', 'ends_at', 'time_zone', 'all_day', 'rrule', 'owner_id',
  'contact_id', 'created_at', 'updated_at',
] as const;

/**
 * All-day appointments are stored as midnight UTC of the first day and of the (exclusive) end day;
 * their `time_zone` column is left as it is (the schema's default on insert), as it has no meaning for them.
 */
export function appointmentFieldsToRow(f: AppointmentFields): Record<string, unknown> {
  const common = { title: f.title, location: f.location, description: f.description, rrule: f.recurrenceRule };
  const t = f.timing;
  if (t.allDay) {
    return { ...common, all_day: toSqlBool(true), starts_at: dateToSqlMidnight(t.startDate), ends_at: dateToSqlMidnight(t.endDate) };
  }
  return {
    ...common, all_day: toSqlBool(false), starts_at: toSqlDateTime(t.start), ends_at: toSqlDateTime(t.end), time_zone: t.timeZone,
  };
}

export function appointmentFromRow(row: AppointmentRow, assigneeIds: readonly number[]): Appointment {
  const allDay = fromSqlBool(row.all_day);
  return {
    ...assignedObjectBase(row, assigneeIds),
    title: row.title,
    location: row.location,
    description: row.description,
    recurrenceRule: row.rrule,
    contactId: row.contact_id === null || row.contact_id === undefined ? null : toId(row.contact_id),
    timing: allDay
      ? { allDay: true, startDate: fromSqlDate(row.starts_at), endDate: fromSqlDate(row.ends_at) }
      : { allDay: false, start: fromSqlDateTime(row.starts_at), end: fromSqlDateTime(row.ends_at), timeZone: row.time_zone },
  };
}
