import { readCalendar, type CalendarObject } from './readCalendar.ts';
import { RecentlyUsed } from '../../shared/RecentlyUsed.ts';

/**
 * Outlook, iOS and DAVx5 ask for the same time ranges again and again, and every recurring series
 * without an end is a candidate for every range: parsing the stored text dominated those queries.
 * The parsed objects of recently tested texts are kept (by their text: a changed object is new
 * text), bounded by the text they hold. Only for reading: the time-range test never changes them.
 * A cache, not state: another instance parses the text itself.
 */
const MAX_TEXT_CHARS = 2_000_000;
const MAX_ONE_TEXT = 64_000;
const parsed = new RecentlyUsed<string, CalendarObject>(Number.POSITIVE_INFINITY, MAX_TEXT_CHARS, (text) => text.length);

export function readCalendarCached(text: string): CalendarObject {
  const known = parsed.get(text);
  if (known) return known;
  const object = readCalendar(text);
  if (text.length <= MAX_ONE_TEXT) parsed.set(text, object);
  return object;
}
