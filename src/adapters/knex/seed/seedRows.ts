/**
 * Rows as the seed writer inserts them (column names of the CRM schema). Ids and foreign keys
 * are filled in by the writer, so the generator stays pure and independent of the database.
 */
export interface ContactRow {
  kind: 'person' | 'company';
  salutation: string | null;
  title: string | null;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  department: string | null;
  position: string | null;
  birthday: string | null;
  notes: string | null;
  website: string | null;
}

export interface AddressRow {
  type: 'work' | 'home' | 'other';
  street: string | null;
  postal_code: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
}

export interface PhoneRow {
  type: 'work' | 'home' | 'mobile' | 'fax' | 'other';
  number: string;
}

export interface EmailRow {
  type: 'work' | 'home' | 'other';
  address: string;
}

export interface ContactSeed {
  readonly contact: ContactRow;
  readonly addresses: readonly AddressRow[];
  readonly phones: readonly PhoneRow[];
  readonly emails: readonly EmailRow[];
}

export interface AppointmentRow {
  title: string;
  location: string | null;
  description: string | null;
  /** UTC `YYYY-MM-DD HH:MM:SS.mmm`; all-day: midnight UTC of the first day / of the day after the last. */
  starts_at: string;
  ends_at: string;
  time_zone: string;
  all_day: 0 | 1;
  rrule: string | null;
}

export interface TaskRow {
  title: string;
  description: string | null;
  due_at: string | null;
  due_all_day: 0 | 1;
  status: 'open' | 'in-progress' | 'done' | 'cancelled';
  priority: 'high' | 'normal' | 'low';
  percent_complete: number;
  completed_at: string | null;
}

/** A task may point at the n-th contact of the same run (`contactIndex`), resolved to an id by the writer. */
export interface TaskSeed {
  readonly task: TaskRow;
  readonly contactIndex: number | null;
}

/** UTC DATETIME(3) literal, as `sqlValues.toSqlDateTime` writes it. */
export function sqlDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
