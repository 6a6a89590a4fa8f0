export { ICalendarCodec } from './ICalendarCodec.ts';
export { ICalendarQueryMatcher } from './matchCalendar.ts';
export { overlapsTimeRange, type TimeRange } from './timeRange.ts';
export { expandRecurrences, limitRecurrenceSet } from './expand.ts';
export { ianaForWindowsZone, WINDOWS_TO_IANA } from './windowsZones.ts';
export { FLOATING_ZONE } from './resolveZone.ts';
export { MAX_ITERATIONS } from './recurrence.ts';
