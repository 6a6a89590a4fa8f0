import type { TimeRange } from '../../../../ports/index.ts';
import { caldav } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import type { XmlElement } from '../xml/parse.ts';
import { DavHttpError } from '../DavHttpError.ts';

/** Parses an iCalendar UTC date-time attribute (`20250102T000000Z`, RFC 4791 §9.9). */
function parseUtc(value: string | undefined): Date | null {
  if (value === undefined || value === '') return null;
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value.trim());
  if (!m) throw new DavHttpError(400, `Invalid time-range value "${value}".`, el(caldav('valid-filter')));
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

/**
 * A `time-range`, `expand` or `limit-recurrence-set` element. Either bound may be missing
 * (DAVx5 sends start only); `expand` and `limit-recurrence-set` require both (§9.6.5/§9.6.6).
 */
export function parseTimeRange(element: XmlElement, bothRequired = false): TimeRange {
  const start = parseUtc(element.attributes.start);
  const end = parseUtc(element.attributes.end);
  if (!start && !end) throw new DavHttpError(400, 'A time-range needs a start or an end.', el(caldav('valid-filter')));
  if (bothRequired && (!start || !end)) throw new DavHttpError(400, `${element.local} needs start and end.`, el(caldav('valid-filter')));
  if (start && end && end <= start) throw new DavHttpError(400, 'The time-range ends before it starts.', el(caldav('valid-filter')));
  return { start, end };
}
