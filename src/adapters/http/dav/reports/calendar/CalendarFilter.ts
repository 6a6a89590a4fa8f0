import { caldav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import { child, childrenNamed, type XmlElement } from '../../xml/parse.ts';
import { DavHttpError } from '../../DavHttpError.ts';
import type { CompFilter, PropFilter, TimeRange } from '../../../../../ports/index.ts';
import { parseTimeRange } from '../timeRange.ts';
import { parseTextMatch } from '../textMatch.ts';

export type { CompFilter, PropFilter, ParamFilter } from '../../../../../ports/index.ts';

function invalid(message: string): DavHttpError {
  return new DavHttpError(400, message, el(caldav('valid-filter')));
}

/** Parses `<C:filter>`; its one comp-filter must be VCALENDAR (§9.7.1). */
export function parseCalendarFilter(filter: XmlElement | undefined): CompFilter {
  if (!filter) throw invalid('calendar-query needs a filter.');
  const top = childrenNamed(filter, caldav('comp-filter'));
  if (top.length !== 1 || top[0]!.attributes.name?.toUpperCase() !== 'VCALENDAR') {
    throw invalid('The filter must hold exactly one comp-filter named VCALENDAR.');
  }
  return compFilter(top[0]!);
}

function compFilter(element: XmlElement): CompFilter {
  const name = element.attributes.name?.toUpperCase();
  if (!name) throw invalid('comp-filter needs a name.');
  const range = child(element, caldav('time-range'));
  return {
    name,
    isNotDefined: child(element, caldav('is-not-defined')) !== undefined,
    timeRange: range ? parseTimeRange(range) : null,
    props: childrenNamed(element, caldav('prop-filter')).map(propFilter),
    comps: childrenNamed(element, caldav('comp-filter')).map(compFilter),
  };
}

function propFilter(element: XmlElement): PropFilter {
  const name = element.attributes.name?.toUpperCase();
  if (!name) throw invalid('prop-filter needs a name.');
  const range = child(element, caldav('time-range'));
  const text = child(element, caldav('text-match'));
  return {
    name,
    isNotDefined: child(element, caldav('is-not-defined')) !== undefined,
    timeRange: range ? parseTimeRange(range) : null,
    textMatch: text ? parseTextMatch(text, 'i;ascii-casemap', 'caldav') : null,
    params: childrenNamed(element, caldav('param-filter')).map((p) => {
      const pname = p.attributes.name?.toUpperCase();
      if (!pname) throw invalid('param-filter needs a name.');
      const t = child(p, caldav('text-match'));
      return { name: pname, isNotDefined: child(p, caldav('is-not-defined')) !== undefined, textMatch: t ? parseTextMatch(t, 'i;ascii-casemap', 'caldav') : null };
    }),
  };
}

/** True when the filter selects every object of a collection holding only `component`. */
export function selectsAll(filter: CompFilter, component: string): boolean {
  if (filter.props.length > 0 || filter.timeRange || filter.isNotDefined) return false;
  if (filter.comps.length === 0) return true;
  if (filter.comps.length !== 1) return false;
  const inner = filter.comps[0]!;
  return inner.name === component && !inner.isNotDefined && !inner.timeRange && inner.props.length === 0 && inner.comps.length === 0;
}

/**
 * A time range every matching object must overlap, usable to narrow candidates before the exact
 * test: the time-range of a comp-filter for the collection's component directly below VCALENDAR
 * (all sibling comp-filters must match, §9.7.1). `null` when the filter has none.
 */
export function prefilterRange(filter: CompFilter, component: string): TimeRange | null {
  if (filter.isNotDefined) return null;
  const inner = filter.comps.find((c) => c.name === component && !c.isNotDefined && c.timeRange);
  return inner?.timeRange ?? null;
}
