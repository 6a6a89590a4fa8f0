/**
 * A BrokerStar appointment. Timed appointments are instants with the IANA zone they were entered in;
 * all-day appointments are calendar dates (end exclusive, as in iCalendar).
 */
export type AppointmentTiming =
  | { readonly allDay: false; readonly start: Date; readonly end: Date; readonly timeZone: string }
  | { readonly allDay: true; readonly startDate: string; readonly endDate: string };

export interface AppointmentFields {
  readonly title: string;
  readonly location: string | null;
  readonly description: string | null;
  readonly timing: AppointmentTiming;
  /** An RFC 5545 RRULE value (without the `RRULE:` prefix) when the appointment repeats. */
  readonly recurrenceRule: string | null;
}

export interface Appointment extends AppointmentFields {
  readonly id: number;
  readonly ownerId: number;
  readonly assigneeIds: readonly number[];
  /** The customer (contact) the appointment concerns; set in BrokerStar only, never by a device. */
  readonly contactId: number | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
