import ICAL from 'ical.js';
import { addDays, dateStart, TimeReader, type CalTime } from './calendarTimes.ts';
import type { CalendarObject } from './readCalendar.ts';
import { readCalendarCached } from './parsedCalendars.ts';
import { isCutShort, keyOf, msOf, walkInstances, type Instance, type RecurrenceLimits } from './recurrence.ts';
import { DEFAULT_LIMITS } from '../../../ports/Limits.ts';

/** A CALDAV:time-range (RFC 4791 §9.9); a missing bound is open (−∞ / +∞). */
export interface TimeRange {
  readonly start: Date | null;
  readonly end: Date | null;
}

const DAY = 86_400_000;
const LOOK_BEHIND_MARGIN = 2 * DAY;

/**
 * RFC 4791 §9.9 time-range test for a stored calendar object: true when any instance of the
 * recurrence set (master instances not overridden, plus RECURRENCE-ID overrides at their own
 * times) of `component` overlaps the range. Floating and all-day values are read in Europe/Zurich.
 */
export function overlapsTimeRange(icsText: string, component: 'VEVENT' | 'VTODO', range: TimeRange, limits: RecurrenceLimits = DEFAULT_LIMITS): boolean {
  let object: CalendarObject;
  try {
    object = readCalendarCached(icsText);
  } catch {
    return false;
  }
  if (object.component !== component) return false;
  const from = range.start?.getTime() ?? null;
  const to = range.end?.getTime() ?? null;
  const { recurrenceInstancesExamined: examined, recurrenceSteps: steps, allowance } = limits;
  const last = lastAnswers.get(object);
  if (last && last.from === from && last.to === to && last.examined === examined && last.steps === steps) return last.overlaps;
  const reader = new TimeReader(object.vcalendar);
  let found = false;
  // An answer given because the request ran out of work says nothing about the next request.
  let requestRanOut = false;
  const tracked = allowance && { take: (n: number) => allowance.take(n) || ((requestRanOut = true), false) };
  forEachInstance(object, range, (c, instance, shift) => (found = instanceOverlaps(c, instance.start, shift, range, reader)), { ...limits, allowance: tracked });
  if (!requestRanOut) lastAnswers.set(object, { from, to, examined, steps, overlaps: found });
  return found;
}

/**
 * The last answer per parsed object (kept while `parsedCalendars` keeps the object). A client polls
 * the same window again and again, and walking a long series' recurrences to it (ical.js iterators)
 * was most of a calendar-query's CPU; the answer depends only on the text, the range and the
 * per-object limits (not on a request's allowance: answers it cut short are not kept).
 */
const lastAnswers = new WeakMap<CalendarObject, { from: number | null; to: number | null; examined: number; steps: number; overlaps: boolean }>();

/**
 * Calls `visit` for every instance that may overlap the range (the master's, minus overridden
 * ones, then the overrides) until it returns true. A series too long to examine counts as overlapping.
 */
export function forEachInstance(
  object: CalendarObject, range: TimeRange,
  visit: (component: ICAL.Component, instance: Instance, shiftMs: number) => boolean,
  limits: RecurrenceLimits = DEFAULT_LIMITS,
): void {
  const reader = new TimeReader(object.vcalendar);
  const overridden = new Set<string>();
  for (const o of object.overrides) {
    const rid = reader.read(o, 'recurrence-id');
    if (rid) overridden.add(keyOf(rid));
  }
  for (const o of object.overrides) {
    const start = reader.read(o, 'dtstart') ?? reader.read(o, 'due');
    if (start && visit(o, { key: keyOf(reader.read(o, 'recurrence-id') ?? start), start }, 0)) return;
  }
  const master = object.master;
  const masterStart = master ? reader.read(master, 'dtstart') : null;
  if (!master) return;
  if (!masterStart) {
    visit(master, { key: 'none', start: reader.read(master, 'due') ?? { kind: 'date', date: '1970-01-01', wall: { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 } } }, 0);
    return;
  }
  const window = { from: range.start?.getTime() ?? null, to: range.end?.getTime() ?? null };
  const lookBehind = spanLength(master, reader, masterStart) + LOOK_BEHIND_MARGIN;
  const result = walkInstances(master, reader, window, lookBehind, (instance) =>
    !overridden.has(instance.key) && visit(master, instance, msOf(instance.start) - msOf(masterStart)),
    limits,
  );
  if (isCutShort(result)) visit(master, { key: 'capped', start: masterStart }, Number.NaN);
}

/** Length of the master's span (DTEND/DUE or DURATION after DTSTART). */
function spanLength(c: ICAL.Component, reader: TimeReader, start: CalTime): number {
  const end = reader.read(c, 'dtend') ?? reader.read(c, 'due');
  const duration = c.getFirstPropertyValue('duration');
  if (end) return Math.max(0, msOf(end) - msOf(start));
  return duration instanceof ICAL.Duration ? duration.toSeconds() * 1000 : DAY;
}

/** The [start, end) of an event instance per RFC 4791 §9.9 (VEVENT table). */
export function eventSpan(c: ICAL.Component, reader: TimeReader, start: CalTime): [number, number] {
  const ownStart = reader.read(c, 'dtstart') ?? start;
  const dtend = reader.read(c, 'dtend');
  const duration = c.getFirstPropertyValue('duration');
  const seconds = duration instanceof ICAL.Duration ? duration.toSeconds() : null;
  if (start.kind === 'date') {
    const days = dtend?.kind === 'date' && ownStart.kind === 'date'
      ? Math.round((Date.parse(dtend.date) - Date.parse(ownStart.date)) / DAY)
      : seconds !== null ? Math.max(0, Math.round(seconds / 86_400)) : 1;
    return [msOf(start), dateStart(addDays(start.date, days)).getTime()];
  }
  const length = dtend ? msOf(dtend) - msOf(ownStart) : seconds !== null ? seconds * 1000 : 0;
  return [msOf(start), msOf(start) + Math.max(0, length)];
}

export function instanceOverlaps(c: ICAL.Component, start: CalTime, shift: number, range: TimeRange, reader: TimeReader): boolean {
  if (Number.isNaN(shift)) return true; // series too long to examine: report it
  const from = range.start?.getTime() ?? Number.NEGATIVE_INFINITY;
  const to = range.end?.getTime() ?? Number.POSITIVE_INFINITY;
  if (c.name === 'vevent') {
    const [s, e] = eventSpan(c, reader, start);
    return e > s ? from < e && to > s : from <= s && to > s;
  }
  return todoOverlaps(c, reader, shift, from, to);
}

/** The VTODO table of RFC 4791 §9.9. */
function todoOverlaps(c: ICAL.Component, reader: TimeReader, shift: number, from: number, to: number): boolean {
  const at = (name: string) => {
    const t = reader.read(c, name);
    return t ? msOf(t) : null;
  };
  const dtstart = at('dtstart') === null ? null : at('dtstart')! + shift;
  const due = at('due') === null ? null : at('due')! + shift;
  const duration = c.getFirstPropertyValue('duration');
  const completed = at('completed');
  const created = at('created');
  if (dtstart !== null && duration instanceof ICAL.Duration && due === null) {
    const end = dtstart + duration.toSeconds() * 1000;
    return from <= end && (to > dtstart || to >= end);
  }
  if (dtstart !== null && due !== null) return (from < due || from <= dtstart) && (to > dtstart || to >= due);
  if (dtstart !== null) return from <= dtstart && to > dtstart;
  if (due !== null) return from < due && to >= due;
  if (completed !== null && created !== null) return (from <= created || from <= completed) && (to >= created || to >= completed);
  if (completed !== null) return from <= completed && to >= completed;
  if (created !== null) return to > created;
  return true;
}
