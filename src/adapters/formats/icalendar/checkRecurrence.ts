import ICAL from 'ical.js';
import { InvalidObjectData, TooManyInstances } from '../../../domain/index.ts';
import type { Limits } from '../../../ports/Limits.ts';
import { TimeReader } from './calendarTimes.ts';
import type { CalendarObject } from './readCalendar.ts';
import { msOf, walkInstances } from './recurrence.ts';
import { impossibleRuleReason } from './ruleFeasibility.ts';

/**
 * What a device write's rule has to yield within the step budget: every instance of its first
 * year (the widest view a client shows at once) and the first one after it, or this many
 * instances if that comes first. Walking further would only slow every write of a series down
 * (ical.js needs 5–10 µs per instance); later walks are budgeted on their own.
 */
const INSTANCES_TRIED = 1000;
const TRIAL_SPAN_MS = 366 * 86_400_000;

/**
 * Refuses, before anything is stored, a recurrence rule that cannot be evaluated safely: one that
 * can never produce an instance (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30; such a rule would also reach
 * BrokerStar's own recurrence column), a COUNT above CALDAV:max-instances (RFC 4791 §5.3.2.1),
 * or one whose first instances the engine cannot find within its step budget (an every-second
 * rule restricted to one day of the year, say). Rules a device UI can create pass in well under a
 * millisecond; later walks (queries, expand) are budgeted on their own and answer conservatively.
 */
export function checkRecurrence(object: CalendarObject, limits: Limits): void {
  const master = object.master;
  const rule = master?.getFirstPropertyValue('rrule');
  if (!master || !(rule instanceof ICAL.Recur)) return;
  const kind = object.component === 'VEVENT' ? 'appointment' : 'task';
  const reason = impossibleRuleReason(rule);
  if (reason) throw new InvalidObjectData(kind, `The recurrence rule can never occur: ${reason}`);
  if (rule.count && rule.count > limits.maxInstances) {
    throw new TooManyInstances(kind, limits.maxInstances, `The recurrence rule has COUNT=${rule.count}; at most ${limits.maxInstances} instances are allowed.`);
  }
  const reader = new TimeReader(object.vcalendar);
  const start = reader.read(master, 'dtstart');
  if (!start) return;
  let found = 0;
  const trial = { from: null, to: msOf(start) + TRIAL_SPAN_MS };
  const result = walkInstances(master, reader, trial, 0, () => ++found >= INSTANCES_TRIED, limits);
  if (result === 'exhausted') throw new InvalidObjectData(kind, 'The recurrence rule is too expensive to evaluate.');
}
