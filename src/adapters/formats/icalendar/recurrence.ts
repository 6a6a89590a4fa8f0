import ICAL from 'ical.js';
import { dateStart, type CalTime, type TimeReader, type TimeFrame } from './calendarTimes.ts';
import { isoDate } from './zoneMath.ts';
import { DEFAULT_LIMITS, type Limits, type RecurrenceAllowance } from '../../../ports/Limits.ts';
import { boundedIterator, StepBudget } from './boundedIterator.ts';
import { impossibleRuleReason } from './ruleFeasibility.ts';

/**
 * Most occurrences examined per series by default (`Limits.recurrenceInstancesExamined`). A query
 * that would need more (an every-minute rule from 2015, say) is answered conservatively as
 * "overlaps": for Outlook CalDav Synchronizer a missing object means "deleted on the server"
 * (docs/clients.md §1.5), an extra one costs nothing.
 */
export const MAX_ITERATIONS = DEFAULT_LIMITS.recurrenceInstancesExamined;

/** The per-object bounds, and the allowance of the request the evaluation runs for (if any). */
export type RecurrenceLimits = Pick<Limits, 'recurrenceInstancesExamined' | 'recurrenceSteps'> & { readonly allowance?: RecurrenceAllowance };
const DAY = 86_400_000;
const MAX_OFFSET = 15 * 3_600_000;

/** One instance of a recurrence set: its identity (RECURRENCE-ID) and its start. */
export interface Instance {
  readonly key: string;
  readonly start: CalTime;
}

export function msOf(t: CalTime): number {
  return t.kind === 'instant' ? t.at.getTime() : dateStart(t.date).getTime();
}

/** The RECURRENCE-ID identity of a start: the date for all-day, else the UTC instant. */
export function keyOf(t: CalTime): string {
  return t.kind === 'date' ? `D${t.date}` : `T${t.at.getTime()}`;
}

/**
 * How a walk ended: `visit` said stop, the series ended, or it was cut short because it has more
 * occurrences than the limit (`capped`) or the engine ran out of steps or failed on the rule
 * (`exhausted`). Cut-short walks are answered conservatively by every caller.
 */
export type WalkResult = 'stopped' | 'done' | 'capped' | 'exhausted';

export function isCutShort(result: WalkResult): boolean {
  return result === 'capped' || result === 'exhausted';
}

/**
 * Visits the instances of a master component (RFC 5545 §3.8.5: DTSTART, RRULE and RDATE minus
 * EXDATE) that start before `to` and after `from - lookBehind`, in rule order, until `visit`
 * returns true. Daily and weekly rules without COUNT jump straight to the window instead of
 * stepping through years of past occurrences.
 */
export function walkInstances(
  master: ICAL.Component, reader: TimeReader, window: { from: number | null; to: number | null },
  lookBehind: number, visit: (i: Instance) => boolean, limits: RecurrenceLimits = DEFAULT_LIMITS,
): WalkResult {
  const start = reader.read(master, 'dtstart');
  if (!start) return 'done';
  const excluded = new Set(reader.readAll(master, 'exdate').map(keyOf));
  const seen = new Set<string>();
  const inWindow = (t: CalTime) => (window.to === null || msOf(t) < window.to) && (window.from === null || msOf(t) + lookBehind >= window.from);
  const emit = (t: CalTime) => {
    const key = keyOf(t);
    if (excluded.has(key) || seen.has(key) || !inWindow(t)) return false;
    seen.add(key);
    return visit({ key, start: t });
  };
  for (const rdate of reader.readAll(master, 'rdate')) if (emit(rdate)) return 'stopped';
  const rule = master.getFirstPropertyValue('rrule');
  // A rule that can never match leaves DTSTART alone (RFC 5545 §3.8.5.3: DTSTART is the first instance).
  if (!(rule instanceof ICAL.Recur) || impossibleRuleReason(rule)) return emit(start) ? 'stopped' : 'done';

  const frame = start.kind === 'instant' ? start.frame : null;
  const recur = rule.clone();
  if (frame && recur.until && !recur.until.isDate && recur.until.zone?.tzid === 'UTC') {
    // Iteration runs on floating wall times: bring a UTC UNTIL into the same wall clock.
    recur.until = ICAL.Time.fromData({ ...frame.toWall(new Date(recur.until.toUnixTime() * 1000)) });
  }
  const cursor = ICAL.Time.fromData({ ...start.wall, isDate: start.kind === 'date' });
  if (window.from !== null) fastForward(recur, cursor, msOf(start), window.from - lookBehind);
  const budget = new StepBudget(limits.recurrenceSteps, limits.allowance);
  let iterator: ICAL.RecurIterator;
  try {
    iterator = boundedIterator(recur, cursor, budget);
  } catch {
    return 'exhausted'; // out of steps already while initialising, or ical.js rejects the rule
  }
  for (let n = 0; ; n++) {
    if (n >= limits.recurrenceInstancesExamined) return 'capped';
    let next: ICAL.Time | null;
    try {
      next = iterator.next();
    } catch {
      return 'exhausted'; // out of steps inside one next(), or ical.js gave up on the rule
    }
    // iCalendar years have four digits (RFC 5545 §3.3.4); a huge INTERVAL leaves them (and Date's range).
    if (!next || next.year > 9999) return 'done';
    // Cheap pre-check on the wall clock (no zone lookup): no UTC offset exceeds 14 hours.
    const approx = Date.UTC(next.year, next.month - 1, next.day, next.hour, next.minute, next.second);
    if (window.from !== null && approx + MAX_OFFSET + lookBehind < window.from) continue;
    if (window.to !== null && approx - MAX_OFFSET >= window.to) return 'done';
    const t = toCalTime(next, frame);
    if (window.to !== null && msOf(t) >= window.to) return 'done';
    if (emit(t)) return 'stopped';
  }
}

/**
 * ical.js steps sub-daily rules on the wall clock (floating time), so whole periods are added the
 * same way; computed on a Date instead of `ICAL.Time#adjust`, which normalises month by month.
 * The day kept in hand absorbs the difference between wall clock and instant (offsets, DST).
 */
function fastForwardWallClock(cursor: ICAL.Time, periodMs: number, distanceMs: number): void {
  const periods = Math.floor(distanceMs / periodMs);
  if (periods <= 0) return;
  const moved = new Date(Date.UTC(cursor.year, cursor.month - 1, cursor.day, cursor.hour, cursor.minute, cursor.second) + periods * periodMs);
  if (Number.isNaN(moved.getTime())) return;
  cursor.year = moved.getUTCFullYear();
  cursor.month = moved.getUTCMonth() + 1;
  cursor.day = moved.getUTCDate();
  cursor.hour = moved.getUTCHours();
  cursor.minute = moved.getUTCMinutes();
  cursor.second = moved.getUTCSeconds();
}

function toCalTime(t: ICAL.Time, frame: TimeFrame | null): CalTime {
  const wall = { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second };
  if (t.isDate || !frame) return { kind: 'date', date: isoDate(wall), wall };
  return { kind: 'instant', at: frame.toInstant(wall), wall, frame };
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** FREQ values below a day, in milliseconds of wall-clock time per unit. */
const SUB_DAILY_UNIT_MS: Record<string, number> = { HOURLY: 3_600_000, MINUTELY: 60_000, SECONDLY: 1_000 };

/**
 * Moves DTSTART forward by whole periods when that cannot change the occurrence set: FREQ=DAILY
 * or FREQ=WEEKLY with at most BYDAY (containing DTSTART's weekday), or FREQ=HOURLY/MINUTELY/
 * SECONDLY with no BY parts, and no COUNT (COUNT counts from the original DTSTART). EXDATE/RDATE
 * are absolute and unaffected.
 */
function fastForward(recur: ICAL.Recur, cursor: ICAL.Time, startMs: number, targetMs: number): void {
  if (recur.count || targetMs - startMs < 2 * DAY) return;
  const parts = Object.keys(recur.parts ?? {});
  const unitMs = SUB_DAILY_UNIT_MS[recur.freq];
  if (unitMs !== undefined) {
    if (parts.length === 0) fastForwardWallClock(cursor, (recur.interval || 1) * unitMs, targetMs - startMs - DAY);
    return;
  }
  if (!parts.every((p) => p === 'BYDAY') || (recur.freq !== 'DAILY' && recur.freq !== 'WEEKLY')) return;
  const byday = (recur.parts.BYDAY ?? []) as string[];
  if (byday.length && !byday.includes(WEEKDAYS[cursor.dayOfWeek() - 1]!)) return;
  // Whole weeks keep weekday filters aligned; a plain daily rule can move by single days.
  let periodDays = recur.freq === 'DAILY' && byday.length === 0 ? 1 : 7;
  periodDays *= recur.interval || 1;
  const periods = Math.floor((Math.floor((targetMs - startMs) / DAY) - 1) / periodDays);
  if (periods > 0) cursor.adjust(periods * periodDays, 0, 0, 0);
}
