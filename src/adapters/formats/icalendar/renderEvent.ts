import type { AppointmentFields, AppointmentTiming } from '../../../domain/index.ts';
import { buildLine, type ContentLine } from '../contentline/ContentLine.ts';
import { TimeReader } from './calendarTimes.ts';
import { ensureTimezone, masterNode, newCalendar, ownUrl, parseStored, replaceProperties, serialize, setProdId } from './componentEdit.ts';
import { textLine, timingLines, utcLine } from './owned.ts';
import { appointmentOf } from './parseCalendarObject.ts';
import { readCalendar } from './readCalendar.ts';
import { vtimezoneLines } from './vtimezone.ts';

/** Property groups BrokerStar owns in the master VEVENT, each replaced as a whole when it changed. */
type Group = { names: string[]; changed: (a: AppointmentFields, b: AppointmentFields) => boolean };
const GROUPS: Record<string, Group> = {
  summary: { names: ['SUMMARY'], changed: (a, b) => a.title !== b.title },
  location: { names: ['LOCATION'], changed: (a, b) => a.location !== b.location },
  description: { names: ['DESCRIPTION'], changed: (a, b) => a.description !== b.description },
  timing: { names: ['DTSTART', 'DTEND', 'DURATION'], changed: (a, b) => !sameTiming(a.timing, b.timing) },
  rrule: { names: ['RRULE'], changed: (a, b) => (a.recurrenceRule ?? '') !== (b.recurrenceRule ?? '') },
};

/**
 * Renders an appointment (RFC 5545 §3.6.1). With `previous`, only the owned properties of the
 * master VEVENT that changed are rewritten (DTSTAMP too, then); alarms, attendees, EXDATEs,
 * RECURRENCE-ID overrides, X- properties and VTIMEZONEs stay as stored.
 */
export function renderAppointment(uid: string, fields: AppointmentFields, previous: string | null, now: Date, url?: string): string {
  const zoneYear = fields.timing.allDay ? 0 : fields.timing.start.getUTCFullYear();
  const zone = fields.timing.allDay ? null : fields.timing.timeZone;
  const needsZone = zone !== null && zone !== 'UTC' && zone !== 'Etc/UTC';
  if (previous === null) {
    const lines = [
      buildLine({ name: 'UID', value: uid }), utcLine('DTSTAMP', now), ...textLine('SUMMARY', fields.title),
      ...textLine('LOCATION', fields.location), ...textLine('DESCRIPTION', fields.description),
      ...timingLines(fields.timing, null), ...rruleLine(fields.recurrenceRule),
      ...(url === undefined ? [] : [buildLine({ name: 'URL', params: [{ name: 'VALUE', values: ['URI'] }], value: url })]),
    ];
    return newCalendar([...(needsZone ? vtimezoneLines(zone, zoneYear) : []), 'BEGIN:VEVENT', ...lines.map((l) => l.raw), 'END:VEVENT']);
  }
  const stored = readCalendar(previous);
  const reader = new TimeReader(stored.vcalendar);
  const before = stored.master ? appointmentOf(stored.master, reader) : null;
  const tzid = reusableTzid(stored.master, reader, zone);
  const vcalendar = parseStored(previous);
  const master = masterNode(vcalendar, 'VEVENT');
  if (!master) throw new Error('The stored object has no VEVENT.');
  const fresh: Record<string, ContentLine[]> = {
    summary: textLine('SUMMARY', fields.title),
    location: textLine('LOCATION', fields.location),
    description: textLine('DESCRIPTION', fields.description),
    timing: timingLines(fields.timing, tzid),
    rrule: rruleLine(fields.recurrenceRule),
  };
  let changed = stored.uid !== uid;
  for (const [key, group] of Object.entries(GROUPS)) {
    if (before && !group.changed(before, fields)) continue;
    replaceProperties(master, group.names, fresh[key] ?? []);
    changed = true;
  }
  if (ownUrl(master, url)) changed = true;
  if (!changed) return previous;
  replaceProperties(master, ['UID'], [buildLine({ name: 'UID', value: uid })]);
  replaceProperties(master, ['DTSTAMP'], [utcLine('DTSTAMP', now)]);
  if (needsZone) ensureTimezone(vcalendar, tzid ?? zone, tzid && tzid !== zone ? [] : vtimezoneLines(zone, zoneYear));
  setProdId(vcalendar);
  return serialize(vcalendar);
}

/** RRULE values are written as given (RFC 5545 §3.8.5.3); BrokerStar stores them without prefix. */
function rruleLine(rule: string | null): ContentLine[] {
  return rule ? [buildLine({ name: 'RRULE', value: rule.replace(/^RRULE:/i, '') })] : [];
}

/** The stored DTSTART's TZID when it denotes `zone` (keeps Outlook's own TZID and VTIMEZONE). */
function reusableTzid(master: import('ical.js').default.Component | null, reader: TimeReader, zone: string | null): string | null {
  if (!master || !zone) return null;
  const start = reader.read(master, 'dtstart');
  return start?.kind === 'instant' && start.frame.tzid && start.frame.zone === zone ? start.frame.tzid : null;
}

export function sameTiming(a: AppointmentTiming, b: AppointmentTiming): boolean {
  if (a.allDay || b.allDay) return a.allDay === b.allDay && JSON.stringify(a) === JSON.stringify(b);
  return a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime() && a.timeZone === b.timeZone;
}

