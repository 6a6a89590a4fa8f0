import { InvalidObjectData, type AppointmentFields, type TaskFields } from '../../../domain/index.ts';
import type { CalendarCodec, ParsedCalendarObject, TimeRange } from '../../../ports/Codecs.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../ports/Limits.ts';
import { parseCalendarObject } from './parseCalendarObject.ts';
import { renderAppointment } from './renderEvent.ts';
import { renderTask } from './renderTodo.ts';
import { timeSpanOf } from './timeSpan.ts';
import { mergePrivateParts, splitPrivateParts, type SplitCalendarObject } from './privateParts.ts';

/**
 * iCalendar (RFC 5545) codec for one VEVENT series or one VTODO per object (RFC 4791 §4.1).
 * Parsing uses ical.js; writing patches stored objects line by line so that everything BrokerStar
 * does not own survives unchanged. `now` stamps DTSTAMP when no change time is given (injectable for tests).
 */
export class ICalendarCodec implements CalendarCodec {
  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  /**
   * Parses and validates a device's object. What is accepted can always be served later: the
   * fields are merged back into the text once here (a later BrokerStar-side edit does exactly
   * that). The time span is computed by the caller before any write transaction (`timeSpan`).
   */
  parse(text: string): ParsedCalendarObject {
    const parsed = parseCalendarObject(text, this.limits);
    try {
      if (parsed.appointment) this.renderAppointment(parsed.uid, parsed.appointment, text);
      if (parsed.task) this.renderTask(parsed.uid, parsed.task, text);
    } catch (e) {
      throw new InvalidObjectData(parsed.appointment ? 'appointment' : 'task', `BrokerStar cannot merge its fields into this object: ${(e as Error).message}`);
    }
    return parsed;
  }

  renderAppointment(uid: string, fields: AppointmentFields, previous: string | null, url?: string, changedAt?: Date): string {
    return renderAppointment(uid, fields, previous, changedAt ?? this.now(), url);
  }

  renderTask(uid: string, fields: TaskFields, previous: string | null, url?: string, changedAt?: Date): string {
    return renderTask(uid, fields, previous, changedAt ?? this.now(), url);
  }

  splitPrivateParts(text: string): SplitCalendarObject {
    return splitPrivateParts(text);
  }

  mergePrivateParts(shared: string, privateParts: string | null): string {
    return mergePrivateParts(shared, privateParts);
  }

  timeSpan(text: string): TimeRange {
    return timeSpanOf(text, this.limits);
  }
}
