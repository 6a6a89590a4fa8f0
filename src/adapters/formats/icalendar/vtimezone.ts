import { icalDateTime, offsetAt, wallTimeAt } from './zoneMath.ts';

/**
 * Generates a VTIMEZONE (RFC 5545 §3.6.5) for an IANA zone from the runtime's tz data. The DST
 * transitions of `year` are found by bisection and written as yearly rules ("last Sunday of
 * March"), which is exact for Europe, North America and most zones with DST; zones without DST in
 * that year get a single STANDARD block. Clients prefer their own definition for IANA TZIDs anyway.
 */
export function vtimezoneLines(zone: string, year: number): string[] {
  const key = `${zone}@${year}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const lines = generate(zone, year);
  cache.set(key, lines);
  return lines;
}

const cache = new Map<string, string[]>();

function generate(zone: string, year: number): string[] {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const transitions: number[] = [];
  const DAY = 86_400_000;
  for (let t = start; t < end; t += DAY) {
    if (offsetAt(zone, new Date(t)) !== offsetAt(zone, new Date(t + DAY))) transitions.push(bisect(zone, t, t + DAY));
  }
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (transitions.length !== 2) {
    const offset = formatOffset(offsetAt(zone, new Date(start)));
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD');
  } else {
    for (const t of transitions) {
      const before = offsetAt(zone, new Date(t - 1000));
      const after = offsetAt(zone, new Date(t));
      const kind = after > before ? 'DAYLIGHT' : 'STANDARD';
      const local = wallTimeAt('UTC', new Date(t + before)); // wall time of the switch, in the old offset
      lines.push(
        `BEGIN:${kind}`,
        `DTSTART:${icalDateTime({ ...local, year: 1970 })}`,
        `RRULE:FREQ=YEARLY;BYMONTH=${local.month};BYDAY=${weekdayRule(local)}`,
        `TZOFFSETFROM:${formatOffset(before)}`,
        `TZOFFSETTO:${formatOffset(after)}`,
        `END:${kind}`,
      );
    }
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function bisect(zone: string, lo: number, hi: number): number {
  const offset = offsetAt(zone, new Date(lo));
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (offsetAt(zone, new Date(mid)) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** "-1SU" for the last Sunday of a month, "2SU" for the second, … */
function weekdayRule(w: { year: number; month: number; day: number }): string {
  const days = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day));
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  const nth = w.day + 7 > daysInMonth ? -1 : Math.ceil(w.day / 7);
  return `${nth}${days[date.getUTCDay()]}`;
}

function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.abs(ms) / 60_000;
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
}
