import ICAL from 'ical.js';
import { InvalidObjectData, type AppointmentFields, type AppointmentTiming, type TaskFields } from '../../../domain/index.ts';
import type { ParsedCalendarObject } from '../../../ports/Codecs.ts';
import { addDays, TimeReader, type CalTime } from './calendarTimes.ts';
import { priorityFromIcal, statusFromIcal } from './mapping.ts';
import { readCalendar } from './readCalendar.ts';
import { parseStored } from './componentEdit.ts';
import { checkRecurrence } from './checkRecurrence.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../ports/Limits.ts';

const HOUR = 3_600_000;

/** RFC 5545 text of a property, trimmed; null when absent or empty. */
export function textOf(c: ICAL.Component, name: string): string | null {
  const v = c.getFirstPropertyValue(name);
  return v === null || v === undefined || String(v).trim() === '' ? null : String(v);
}

/**
 * Parses one calendar object into BrokerStar fields (RFC 5545 §3.6.1 VEVENT, §3.6.2 VTODO). The
 * text must also pass the line parser the renderer merges into (ical.js accepts an END:VALARM
 * after END:VEVENT, the merger does not), and its recurrence rule must be safe to evaluate.
 */
export function parseCalendarObject(text: string, limits: Limits = DEFAULT_LIMITS): ParsedCalendarObject {
  const object = readCalendar(text);
  try {
    parseStored(text);
  } catch (e) {
    throw new InvalidObjectData(object.component === 'VEVENT' ? 'appointment' : 'task', `Not a well-formed iCalendar object: ${(e as Error).message}`);
  }
  checkRecurrence(object, limits);
  const reader = new TimeReader(object.vcalendar);
  const main = object.master ?? object.overrides[0]!;
  if (object.component === 'VEVENT') {
    return { uid: object.uid, component: 'VEVENT', appointment: appointmentOf(main, reader, object.master !== null), task: null };
  }
  return { uid: object.uid, component: 'VTODO', appointment: null, task: taskOf(main, reader) };
}

export function appointmentOf(event: ICAL.Component, reader: TimeReader, isMaster = true): AppointmentFields {
  const rrule = isMaster ? event.getFirstPropertyValue('rrule') : null;
  return {
    title: textOf(event, 'summary') ?? '',
    location: textOf(event, 'location'),
    description: textOf(event, 'description'),
    timing: timingOf(event, reader),
    recurrenceRule: rrule ? String(rrule) : null,
  };
}

/**
 * DTSTART with DTEND, DURATION, or neither (RFC 5545 §3.6.1; BrokerStar then assumes one hour, or
 * one day for all-day events). Timed events keep the IANA zone of DTSTART (see TimeReader).
 */
export function timingOf(event: ICAL.Component, reader: TimeReader): AppointmentTiming {
  const start = reader.read(event, 'dtstart');
  if (!start) throw new InvalidObjectData('appointment', 'The VEVENT has no DTSTART.');
  const end = reader.read(event, 'dtend');
  const duration = event.getFirstPropertyValue('duration');
  const seconds = duration instanceof ICAL.Duration ? duration.toSeconds() : null;
  if (start.kind === 'date') {
    let endDate = end ? dateOf(end) : addDays(start.date, seconds !== null ? Math.round(seconds / 86_400) : 1);
    if (endDate <= start.date) endDate = addDays(start.date, 1);
    return { allDay: true, startDate: start.date, endDate };
  }
  let endMs = end ? instantOfTime(end) : start.at.getTime() + (seconds !== null ? seconds * 1000 : HOUR);
  if (endMs < start.at.getTime()) endMs = start.at.getTime();
  return { allDay: false, start: start.at, end: new Date(endMs), timeZone: start.frame.zone };
}

function dateOf(t: CalTime): string {
  return t.kind === 'date' ? t.date : t.at.toISOString().slice(0, 10);
}

function instantOfTime(t: CalTime): number {
  return t.kind === 'instant' ? t.at.getTime() : Date.parse(`${t.date}T00:00:00Z`);
}

export function taskOf(todo: ICAL.Component, reader: TimeReader): TaskFields {
  const dueTime = reader.read(todo, 'due');
  const start = reader.read(todo, 'dtstart');
  const duration = todo.getFirstPropertyValue('duration');
  let due: Date | null = null;
  let dueAllDay = false;
  if (dueTime?.kind === 'date') {
    due = new Date(`${dueTime.date}T00:00:00Z`); // the domain keeps all-day dues on their UTC date
    dueAllDay = true;
  } else if (dueTime) due = dueTime.at;
  else if (start?.kind === 'instant' && duration instanceof ICAL.Duration) due = new Date(start.at.getTime() + duration.toSeconds() * 1000);
  const completed = reader.read(todo, 'completed');
  const percent = Number(todo.getFirstPropertyValue('percent-complete'));
  const priority = todo.getFirstPropertyValue('priority');
  return {
    title: textOf(todo, 'summary') ?? '',
    description: textOf(todo, 'description'),
    due,
    dueAllDay,
    status: statusFromIcal(textOf(todo, 'status'), completed !== null),
    priority: priorityFromIcal(priority === null || priority === undefined ? null : Number(priority)),
    percentComplete: Number.isFinite(percent) ? percent : 0,
    completedAt: completed?.kind === 'instant' ? completed.at : null,
    contactId: null,
  };
}
