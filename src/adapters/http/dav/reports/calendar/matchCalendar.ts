import ICAL from 'ical.js';
import type { CalendarComponent, RecurrenceEngine } from '../../../../../ports/index.ts';
import { textMatches } from '../textMatch.ts';
import type { CompFilter, PropFilter } from './CalendarFilter.ts';

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;

/**
 * Evaluates a calendar-query filter against one stored object (RFC 4791 §9.7). Time ranges on
 * VEVENT/VTODO go to the recurrence engine, which applies §9.9 to the whole series.
 */
export function matchesCalendarFilter(ics: string, filter: CompFilter, engine: RecurrenceEngine): boolean {
  let root: Component;
  try {
    root = new ICAL.Component(ICAL.parse(ics));
  } catch {
    return false;
  }
  return matchComp([root], filter, ics, engine);
}

function matchComp(candidates: readonly Component[], filter: CompFilter, ics: string, engine: RecurrenceEngine): boolean {
  const named = candidates.filter((c) => c.name.toUpperCase() === filter.name);
  if (filter.isNotDefined) return named.length === 0;
  return named.some((comp) => {
    if (filter.timeRange && (filter.name === 'VEVENT' || filter.name === 'VTODO')) {
      if (!engine.overlapsTimeRange(ics, filter.name as CalendarComponent, filter.timeRange)) return false;
    }
    if (!filter.props.every((p) => matchProp(comp, p))) return false;
    return filter.comps.every((c) => matchComp(comp.getAllSubcomponents(), c, ics, engine));
  });
}

function matchProp(comp: Component, filter: PropFilter): boolean {
  const props: Property[] = comp.getAllProperties(filter.name.toLowerCase());
  if (filter.isNotDefined) return props.length === 0;
  if (props.length === 0) return false;
  return props.some((prop) => {
    if (filter.textMatch) {
      const values = prop.getValues().map((v: unknown) => String(v));
      if (!values.some((v) => textMatches(filter.textMatch!, v))) return false;
    }
    if (filter.timeRange) {
      const value = prop.getFirstValue();
      const time = value instanceof ICAL.Time ? value.toJSDate() : null;
      if (!time) return false;
      if (filter.timeRange.start && time < filter.timeRange.start) return false;
      if (filter.timeRange.end && time >= filter.timeRange.end) return false;
    }
    return filter.params.every((pf) => {
      const param = prop.getParameter(pf.name.toLowerCase());
      if (pf.isNotDefined) return param === undefined || param === null;
      if (param === undefined || param === null) return false;
      return pf.textMatch ? textMatches(pf.textMatch, String(param)) : true;
    });
  });
}
