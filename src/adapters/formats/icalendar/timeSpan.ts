import ICAL from 'ical.js';
import { TimeReader, type CalTime } from './calendarTimes.ts';
import { readCalendar, type CalendarObject } from './readCalendar.ts';
import { isCutShort, msOf, walkInstances, type RecurrenceLimits } from './recurrence.ts';
import { impossibleRuleReason } from './ruleFeasibility.ts';
import { eventSpan } from './timeRange.ts';
import { DEFAULT_LIMITS } from '../../../ports/Limits.ts';

/** The time a calendar object can occupy at all; `null` bounds are unbounded. */
export interface TimeSpan {
  readonly start: Date | null;
  readonly end: Date | null;
}

const DAY = 86_400_000;
/**
 * Widening on both sides. The span only narrows candidates in SQL before the exact RFC 4791 §9.9
 * test, so it must never be too small: a day absorbs floating/all-day values (read in
 * Europe/Zurich, but possibly meant elsewhere), RDATE periods and boundary conventions.
 */
const MARGIN = DAY;
/** A UTC offset, a custom VTIMEZONE's included, is less than a day (RFC 5545 §3.3.14). */
const MAX_UTC_OFFSET = DAY;
const UNBOUNDED: TimeSpan = { start: null, end: null };

/**
 * A conservative hull of every instance of the object's recurrence set (RFC 5545 §3.8.5), overrides
 * included, for a time-span index: any time range that overlaps an instance under RFC 4791 §9.9
 * also overlaps the returned span. Series without COUNT or UNTIL (or longer than the recurrence
 * engine examines) get an unbounded end; VTODOs without any date get an unbounded span; data that
 * cannot be read gets an unbounded span too (the exact test decides).
 */
export function timeSpanOf(icsText: string, limits: RecurrenceLimits = DEFAULT_LIMITS): TimeSpan {
  const known = recent.get(icsText);
  if (known) return known;
  const span = computeSpan(icsText, limits);
  remember(icsText, span);
  return span;
}

function computeSpan(icsText: string, limits: RecurrenceLimits): TimeSpan {
  let object: CalendarObject;
  try {
    object = readCalendar(icsText);
  } catch {
    return UNBOUNDED;
  }
  try {
    return spanOfObject(object, limits);
  } catch {
    return UNBOUNDED;
  }
}

/**
 * Spans of the last few bodies. A device write computes the span while validating, before the
 * write transaction; the store's save inside the transaction then finds it here instead of
 * evaluating the recurrence again while the sequence lock is held.
 */
const recent = new Map<string, TimeSpan>();
const RECENT_ENTRIES = 16;
const RECENT_MAX_BODY = 256 * 1024;

function remember(icsText: string, span: TimeSpan): void {
  if (icsText.length > RECENT_MAX_BODY) return;
  recent.set(icsText, span);
  if (recent.size > RECENT_ENTRIES) recent.delete(recent.keys().next().value!);
}

function spanOfObject(object: CalendarObject, limits: RecurrenceLimits): TimeSpan {
  const reader = new TimeReader(object.vcalendar);
  const hull = new Hull();
  for (const o of object.overrides) hull.add(instanceSpan(o, reader, null));
  const master = object.master;
  if (master) {
    const start = reader.read(master, 'dtstart');
    hull.add(instanceSpan(master, reader, start));
    if (start) {
      for (const rdate of reader.readAll(master, 'rdate')) hull.add(instanceSpan(master, reader, rdate));
      const rule = master.getFirstPropertyValue('rrule');
      if (rule instanceof ICAL.Recur && !impossibleRuleReason(rule)) {
        if (!rule.count && !rule.until) hull.openEnd();
        else if (rule.until) {
          // No instance starts after UNTIL (RFC 5545 §3.3.10): the first instance moved there bounds
          // them all, without walking years of a series on every write of it.
          const first = instanceSpan(master, reader, start);
          if (first.end === null) hull.openEnd();
          else hull.add({ start: first.start, end: first.end + latestStart(rule.until) - msOf(start) });
        } else {
          let last: CalTime | null = null;
          const result = walkInstances(master, reader, { from: null, to: null }, 0, (i) => {
            last = i.start;
            return false;
          }, limits);
          if (isCutShort(result)) hull.openEnd();
          else if (last) hull.add(instanceSpan(master, reader, last));
        }
      }
    }
  }
  return hull.result();
}

/**
 * An instant no instance of a rule with this UNTIL starts after. UTC is exact; a floating or DATE
 * UNTIL (read by clients in DTSTART's zone) is taken at the latest any zone could put it.
 */
function latestStart(until: ICAL.Time): number {
  if (!until.isDate && until.zone?.tzid === 'UTC') return until.toUnixTime() * 1000;
  const wall = Date.UTC(until.year, until.month - 1, until.day, until.hour, until.minute, until.second);
  return wall + (until.isDate ? DAY : 0) + MAX_UTC_OFFSET;
}

/** [start, end] of one instance starting at `at` (`null`: the component's own DTSTART). */
function instanceSpan(c: ICAL.Component, reader: TimeReader, at: CalTime | null): { start: number | null; end: number | null } {
  const own = reader.read(c, 'dtstart');
  const start = at ?? own;
  if (c.name === 'vevent') {
    if (!start) return { start: null, end: null };
    const [s, e] = eventSpan(c, reader, start);
    return { start: s, end: Math.max(s, e) };
  }
  // VTODO (RFC 4791 §9.9 table): DTSTART/DUE/DURATION move with the instance, COMPLETED/CREATED do not.
  const shift = own && start ? msOf(start) - msOf(own) : 0;
  const times: number[] = [];
  const at0 = (name: string) => reader.read(c, name);
  const dtstart = at0('dtstart');
  const due = at0('due');
  if (dtstart) times.push(msOf(dtstart) + shift);
  if (due) times.push(msOf(due) + shift);
  const duration = c.getFirstPropertyValue('duration');
  if (dtstart && duration instanceof ICAL.Duration) times.push(msOf(dtstart) + shift + duration.toSeconds() * 1000);
  const completed = at0('completed');
  if (completed) times.push(msOf(completed));
  const created = at0('created');
  if (created) times.push(msOf(created));
  if (times.length === 0) return { start: null, end: null };
  // Only CREATED: the to-do matches every range ending after it.
  if (!dtstart && !due && !completed) return { start: Math.min(...times), end: null };
  return { start: Math.min(...times), end: Math.max(...times) };
}

class Hull {
  private start: number | null | undefined;
  private end: number | null | undefined;

  add(span: { start: number | null; end: number | null }): void {
    if (this.start !== null) this.start = span.start === null ? null : Math.min(this.start ?? span.start, span.start);
    if (this.end !== null) this.end = span.end === null ? null : Math.max(this.end ?? span.end, span.end);
  }

  openEnd(): void {
    this.end = null;
  }

  result(): TimeSpan {
    return {
      start: this.start == null ? null : new Date(this.start - MARGIN),
      end: this.end == null ? null : new Date(this.end + MARGIN),
    };
  }
}
