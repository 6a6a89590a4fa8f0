import type { AppointmentFields, ContactFields, TaskFields } from '../domain/index.ts';
import type { RecurrenceAllowance } from './Limits.ts';

export type VCardVersion = '3.0' | '4.0';

/** What a contact carries of BrokerStar beyond its fields (issue 13); absent when the context is off. */
export interface ContactExtras {
  /** The contact's record in BrokerStar. */
  readonly recordUrl: string;
  /** BrokerStar's customer categories. */
  readonly categories: readonly string[];
}

export interface ParsedContact {
  readonly uid: string;
  readonly version: VCardVersion;
  readonly fields: ContactFields;
  /** A contact-group card (Apple `X-ADDRESSBOOKSERVER-KIND:group`, vCard 4 `KIND:group`). */
  readonly isGroup: boolean;
}

/**
 * vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) for contacts.
 * Parsing throws `InvalidObjectData` (kind `contact`) for data that is not one vCard with a UID.
 */
export interface ContactCodec {
  parse(text: string): ParsedContact;
  /**
   * Renders the CRM fields as a vCard. With `previous` (the stored representation) the result keeps
   * every property of `previous` that BrokerStar does not own, and its version; without it, 3.0.
   */
  render(uid: string, fields: ContactFields, previous: string | null, extras?: ContactExtras): string;
  /** The same card in another version (3.0 for Apple and Outlook, 4.0 on request). */
  convert(text: string, version: VCardVersion): string;
}

export type CalendarComponent = 'VEVENT' | 'VTODO';

export interface ParsedCalendarObject {
  readonly uid: string;
  readonly component: CalendarComponent;
  /** Set when component is VEVENT (from the master, or the first instance). */
  readonly appointment: AppointmentFields | null;
  /** Set when component is VTODO. */
  readonly task: TaskFields | null;
}

/**
 * iCalendar (RFC 5545) objects holding one VEVENT series or one VTODO.
 * Parsing throws `InvalidObjectData` (kind `appointment`/`task`) for bad data, several UIDs or
 * no component, and maps Windows zone names (Outlook) and custom VTIMEZONEs to IANA zones.
 */
export interface CalendarCodec {
  parse(text: string): ParsedCalendarObject;
  /**
   * Renders an appointment; with `previous` keeps alarms, attendees, exceptions, X- properties.
   * `url`: the record's address in BrokerStar, owned as URL when given (else URL is left alone).
   * `changedAt`: when the record last changed, written as DTSTAMP (RFC 5545 §3.8.7.2: without a
   * METHOD it is the last modification), so that rendering the same version twice gives the same
   * text and ETag; without it, the time of rendering.
   */
  renderAppointment(uid: string, fields: AppointmentFields, previous: string | null, url?: string, changedAt?: Date): string;
  /** Renders a task; with `previous` keeps what BrokerStar does not own. `url` and `changedAt` as for appointments. */
  renderTask(uid: string, fields: TaskFields, previous: string | null, url?: string, changedAt?: Date): string;
  /**
   * Separates one user's private parts (alarms and what clients record about them) from what every
   * user of a shared object sees; `shared` is the input unchanged when there are none.
   */
  splitPrivateParts(text: string): { readonly shared: string; readonly private: string | null };
  /** The shared object with one user's private parts (from `splitPrivateParts`) put back. */
  mergePrivateParts(shared: string, privateParts: string | null): string;
  /**
   * A hull of every instance of the object (recurrences included), for the time-span index that
   * narrows calendar-query candidates; `null` bounds are open. Never narrower than the truth.
   */
  timeSpan(text: string): TimeRange;
}

export interface TimeRange {
  /** Inclusive start; `null` means unbounded (RFC 4791 §9.9 open-ended ranges). */
  readonly start: Date | null;
  /** Exclusive end; `null` means unbounded. */
  readonly end: Date | null;
}

/**
 * Time-range evaluation of stored iCalendar objects (RFC 4791 §9.9), recurrence included:
 * a series matches when any occurrence (after EXDATEs, with RECURRENCE-ID overrides) overlaps.
 */
export interface RecurrenceEngine {
  overlapsTimeRange(icsText: string, component: CalendarComponent, range: TimeRange, allowance?: RecurrenceAllowance): boolean;
  /** RFC 4791 §9.6.5 `expand`: the series as UTC instances within the range. */
  expandRecurrences(icsText: string, range: TimeRange, allowance?: RecurrenceAllowance): string;
  /** RFC 4791 §9.6.6 `limit-recurrence-set`: the master plus the overrides overlapping the range. */
  limitRecurrenceSet(icsText: string, range: TimeRange, allowance?: RecurrenceAllowance): string;
}
