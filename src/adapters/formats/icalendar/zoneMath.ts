/**
 * Wall-clock arithmetic for IANA zones from the runtime's own tz database (Intl), so that no
 * VTIMEZONE in client data can shift BrokerStar's instants.
 */

export interface WallTime {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows the zone as an IANA name ("Europe/Zurich", "UTC"). */
export function isIanaZone(name: string): boolean {
  if (!name.includes('/') && !/^(UTC|GMT|Etc\/.*)$/i.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

function formattedWallTime(zone: string, instant: Date): WallTime {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(instant)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

const asUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/**
 * Offsets change only at transitions, which (since the 1900s) fall on quarter hours, so one Intl
 * lookup per zone and quarter hour serves every instant in it. Intl formatting was the largest
 * cost of a calendar-query over recurring series.
 */
const QUARTER_HOUR = 15 * 60 * 1000;
const offsets = new Map<string, number>();

/** UTC offset of `zone` at an instant, in milliseconds. */
export function offsetAt(zone: string, instant: Date): number {
  const bucket = Math.floor(instant.getTime() / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${zone}@${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = asUtc(formattedWallTime(zone, new Date(bucket))) - bucket;
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall time in `zone` at an instant (whole seconds). */
export function wallTimeAt(zone: string, instant: Date): WallTime {
  const ms = instant.getTime();
  const d = new Date(ms - (((ms % 1000) + 1000) % 1000) + offsetAt(zone, instant));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/**
 * The instant of a wall time in `zone`. A time skipped by a DST gap is read with the offset before
 * the gap (RFC 5545 §3.3.5: 02:30 on the spring-forward day is 03:30 summer time).
 */
export function instantOf(zone: string, wall: WallTime): Date {
  const guess = asUtc(wall);
  const first = offsetAt(zone, new Date(guess));
  const candidate = guess - first;
  const second = offsetAt(zone, new Date(candidate));
  return new Date(second === first ? candidate : guess - second);
}

/** `YYYY-MM-DD` of a wall time. */
export function isoDate(w: { year: number; month: number; day: number }): string {
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** iCalendar basic format `YYYYMMDDTHHMMSS` of a wall time (RFC 5545 §3.3.5). */
export function icalDateTime(w: WallTime): string {
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `${p(w.year, 4)}${p(w.month)}${p(w.day)}T${p(w.hour)}${p(w.minute)}${p(w.second)}`;
}

/** `YYYYMMDDTHHMMSSZ` of an instant. */
export function icalUtc(instant: Date): string {
  return icalDateTime(wallTimeAt('UTC', instant)) + 'Z';
}
