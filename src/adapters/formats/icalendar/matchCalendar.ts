import ICAL from 'ical.js';
import { textMatches } from '../../../domain/index.ts';
import type { CalendarComponent, CalendarQueryMatcher, CompFilter, PropFilter, RecurrenceAllowance } from '../../../ports/index.ts';
import { DEFAULT_LIMITS } from '../../../ports/Limits.ts';
import { TimeReader } from './calendarTimes.ts';
import { msOf, type RecurrenceLimits } from './recurrence.ts';
import { overlapsTimeRange } from './timeRange.ts';

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;

/** RFC 4791 §9.7 filter evaluation on iCalendar text (the CalendarQueryMatcher port). */
export class ICalendarQueryMatcher implements CalendarQueryMatcher {
  constructor(private readonly limits: RecurrenceLimits = DEFAULT_LIMITS) {}

  /**
   * A stored object the evaluation fails on is reported as matching: it must not fail the whole
   * report, and for Outlook CalDav Synchronizer a missing object means "deleted on the server".
   */
  matches(icsText: string, filter: CompFilter, allowance?: RecurrenceAllowance): boolean {
    try {
      return matchesCalendarFilter(icsText, filter, { ...this.limits, allowance });
    } catch {
      return true;
    }
  }
}

/**
 * Evaluates a calendar-query filter against one stored object (RFC 4791 §9.7). Time ranges on
 * VEVENT/VTODO go to the recurrence engine, which applies §9.9 to the whole series.
 */
function matchesCalendarFilter(ics: string, filter: CompFilter, limits: RecurrenceLimits): boolean {
  const onlyRange = plainTimeRange(filter);
  // The filter every client sends (VCALENDAR > VEVENT|VTODO > time-range): one parse, by the engine.
  if (onlyRange) return overlapsTimeRange(ics, onlyRange.component, onlyRange.range, limits);
  let root: Component;
  try {
    root = new ICAL.Component(ICAL.parse(ics));
  } catch {
    return false;
  }
  return matchComp([root], filter, ics, limits, new TimeReader(root));
}

function plainTimeRange(filter: CompFilter): { component: CalendarComponent; range: NonNullable<CompFilter['timeRange']> } | null {
  if (filter.isNotDefined || filter.timeRange || filter.props.length > 0 || filter.comps.length !== 1) return null;
  const inner = filter.comps[0]!;
  if (inner.name !== 'VEVENT' && inner.name !== 'VTODO') return null;
  if (!inner.timeRange || inner.isNotDefined || inner.props.length > 0 || inner.comps.length > 0) return null;
  return { component: inner.name, range: inner.timeRange };
}

function matchComp(candidates: readonly Component[], filter: CompFilter, ics: string, limits: RecurrenceLimits, reader: TimeReader): boolean {
  const named = candidates.filter((c) => c.name.toUpperCase() === filter.name);
  if (filter.isNotDefined) return named.length === 0;
  return named.some((comp) => {
    if (filter.timeRange && (filter.name === 'VEVENT' || filter.name === 'VTODO')) {
      if (!overlapsTimeRange(ics, filter.name as CalendarComponent, filter.timeRange, limits)) return false;
    }
    if (!filter.props.every((p) => matchProp(comp, p, reader))) return false;
    return filter.comps.every((c) => matchComp(comp.getAllSubcomponents(), c, ics, limits, reader));
  });
}

function matchProp(comp: Component, filter: PropFilter, reader: TimeReader): boolean {
  const props: Property[] = comp.getAllProperties(filter.name.toLowerCase());
  if (filter.isNotDefined) return props.length === 0;
  if (props.length === 0) return false;
  return props.some((prop) => {
    if (filter.textMatch) {
      const values = prop.getValues().map((v: unknown) => String(v));
      if (!values.some((v) => textMatches(filter.textMatch!, v))) return false;
    }
    if (filter.timeRange) {
      // Read like the §9.9 engine does (TZID, custom VTIMEZONE, floating in Europe/Zurich), not in
      // the server process's zone as ICAL.Time#toJSDate would for zones ical.js does not know.
      const value = prop.getFirstValue();
      if (!(value instanceof ICAL.Time)) return false;
      const time = msOf(reader.fromTime(value, prop.getParameter('tzid') as string | undefined));
      if (filter.timeRange.start && time < filter.timeRange.start.getTime()) return false;
      if (filter.timeRange.end && time >= filter.timeRange.end.getTime()) return false;
    }
    return filter.params.every((pf) => {
      const param = prop.getParameter(pf.name.toLowerCase());
      if (pf.isNotDefined) return param === undefined || param === null;
      if (param === undefined || param === null) return false;
      return pf.textMatch ? textMatches(pf.textMatch, String(param)) : true;
    });
  });
}
