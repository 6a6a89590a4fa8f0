import type { TextMatch } from '../domain/index.ts';
import type { TimeRange } from './Codecs.ts';
import type { RecurrenceAllowance } from './Limits.ts';

/** The filter of a calendar-query (RFC 4791 §9.7), as a tree of plain objects. */
export interface CompFilter {
  readonly name: string;
  readonly isNotDefined: boolean;
  readonly timeRange: TimeRange | null;
  readonly props: readonly PropFilter[];
  readonly comps: readonly CompFilter[];
}

export interface PropFilter {
  readonly name: string;
  readonly isNotDefined: boolean;
  readonly timeRange: TimeRange | null;
  readonly textMatch: TextMatch | null;
  readonly params: readonly ParamFilter[];
}

export interface ParamFilter {
  readonly name: string;
  readonly isNotDefined: boolean;
  readonly textMatch: TextMatch | null;
}

/**
 * Evaluates a calendar-query filter (comp-, prop-, param-filter, text-match, time-range; RFC 4791
 * §9.7, recurrence per §9.9) against one stored iCalendar object. Data that cannot be read
 * matches nothing; the work per object is bounded by the configured `Limits`, and that of the
 * whole request by the `allowance` its objects share.
 */
export interface CalendarQueryMatcher {
  matches(icsText: string, filter: CompFilter, allowance?: RecurrenceAllowance): boolean;
}
