import type { AppointmentTiming } from '../../../domain/index.ts';
import { buildLine, type ContentLine } from '../contentline/ContentLine.ts';
import { escapeText } from '../contentline/escaping.ts';
import { icalDateTime, icalUtc, wallTimeAt } from './zoneMath.ts';

export const PRODID = '-//BrokerStar//BrokerStar DAV//DE';

/** A TEXT property (RFC 5545 §3.3.11), or nothing when empty. */
export function textLine(name: string, value: string | null): ContentLine[] {
  return value === null || value.trim() === '' ? [] : [buildLine({ name, value: escapeText(value) })];
}

/** A DATE-TIME in UTC form (RFC 5545 §3.3.5 form #2). */
export function utcLine(name: string, instant: Date): ContentLine {
  return buildLine({ name, value: icalUtc(instant) });
}

/** A DATE value (`VALUE=DATE`, RFC 5545 §3.3.4) from `YYYY-MM-DD`. */
export function dateLine(name: string, isoDate: string): ContentLine {
  return buildLine({ name, params: [{ name: 'VALUE', values: ['DATE'] }], value: isoDate.replace(/-/g, '') });
}

/**
 * A DATE-TIME with TZID (form #3) for `zone`, written under `tzid` (the stored object's own TZID
 * when it denotes the same zone, e.g. Outlook's "W. Europe Standard Time"); UTC form for 'UTC'.
 */
export function zonedLine(name: string, instant: Date, zone: string, tzid: string): ContentLine {
  if (zone === 'UTC' || zone === 'Etc/UTC') return utcLine(name, instant);
  return buildLine({ name, params: [{ name: 'TZID', values: [tzid] }], value: icalDateTime(wallTimeAt(zone, instant)) });
}

/** DTSTART/DTEND of a timing; all-day DTEND is exclusive (RFC 5545 §3.6.1). */
export function timingLines(timing: AppointmentTiming, tzid: string | null): ContentLine[] {
  if (timing.allDay) return [dateLine('DTSTART', timing.startDate), dateLine('DTEND', timing.endDate)];
  const id = tzid ?? timing.timeZone;
  return [zonedLine('DTSTART', timing.start, timing.timeZone, id), zonedLine('DTEND', timing.end, timing.timeZone, id)];
}
