import type { AppointmentFields, TaskFields } from '../../../domain/index.ts';
import type { CalendarCodec, ParsedCalendarObject, TimeRange } from '../../../ports/Codecs.ts';
import { parseCalendarObject } from './parseCalendarObject.ts';
import { renderAppointment } from './renderEvent.ts';
import { renderTask } from './renderTodo.ts';
import { timeSpanOf } from './timeSpan.ts';
import { mergePrivateParts, splitPrivateParts, type SplitCalendarObject } from './privateParts.ts';

/**
 * iCalendar (RFC 5545) codec for one VEVENT series or one VTODO per object (RFC 4791 §4.1).
 * Parsing uses ical.js; writing patches stored objects line by line so that everything BrokerStar
 * does not own survives unchanged. `now` stamps DTSTAMP (injectable for tests).
 */
export class ICalendarCodec implements CalendarCodec {
  constructor(private readonly now: () => Date = () => new Date()) {}

  parse(text: string): ParsedCalendarObject {
    return parseCalendarObject(text);
  }

  renderAppointment(uid: string, fields: AppointmentFields, previous: string | null): string {
    return renderAppointment(uid, fields, previous, this.now());
  }

  renderTask(uid: string, fields: TaskFields, previous: string | null): string {
    return renderTask(uid, fields, previous, this.now());
  }

  splitPrivateParts(text: string): SplitCalendarObject {
    return splitPrivateParts(text);
  }

  mergePrivateParts(shared: string, privateParts: string | null): string {
    return mergePrivateParts(shared, privateParts);
  }

  timeSpan(text: string): TimeRange {
    return timeSpanOf(text);
  }
}
