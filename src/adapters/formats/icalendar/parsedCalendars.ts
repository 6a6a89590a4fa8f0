import { readCalendar, type CalendarObject } from './readCalendar.ts';

/**
 * Outlook, iOS and DAVx5 ask for the same time ranges again and again, and every recurring series
 * without an end is a candidate for every range: parsing the stored text dominated those queries.
 * The parsed objects of recently tested texts are kept (by their text: a changed object is new
 * text), bounded by the text they hold. Only for reading: the time-range test never changes them.
 * A cache, not state: another instance parses the text itself.
 */
const MAX_TEXT_CHARS = 2_000_000;
const MAX_ONE_TEXT = 64_000;
const parsed = new Map<string, CalendarObject>();
let heldChars = 0;

export function readCalendarCached(text: string): CalendarObject {
  const known = parsed.get(text);
  if (known) {
    // Most recently used last: the oldest entry is the one dropped.
    parsed.delete(text);
    parsed.set(text, known);
    return known;
  }
  const object = readCalendar(text);
  if (text.length > MAX_ONE_TEXT) return object;
  while (heldChars + text.length > MAX_TEXT_CHARS && parsed.size > 0) {
    const oldest = parsed.keys().next().value as string;
    parsed.delete(oldest);
    heldChars -= oldest.length;
  }
  parsed.set(text, object);
  heldChars += text.length;
  return object;
}
