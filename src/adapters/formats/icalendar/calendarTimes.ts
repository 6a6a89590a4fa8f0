import ICAL from 'ical.js';
import { FLOATING_ZONE, resolveZone } from './resolveZone.ts';
import { instantOf, isoDate, wallTimeAt, type WallTime } from './zoneMath.ts';

/** How the wall times of one DTSTART/DTEND/… are turned into instants and back. */
export interface TimeFrame {
  /** IANA zone for BrokerStar ('UTC' for UTC times and for custom zones that match no IANA zone). */
  readonly zone: string;
  /** The TZID as written, null for UTC and floating times. */
  readonly tzid: string | null;
  readonly floating: boolean;
  toInstant(wall: WallTime): Date;
  toWall(instant: Date): WallTime;
}

/** A DATE or DATE-TIME value read from a property. */
export type CalTime =
  | { readonly kind: 'date'; readonly date: string; readonly wall: WallTime }
  | { readonly kind: 'instant'; readonly at: Date; readonly wall: WallTime; readonly frame: TimeFrame };

const ianaFrame = (zone: string, tzid: string | null, floating: boolean): TimeFrame => ({
  zone, tzid, floating,
  toInstant: (w) => instantOf(zone, w),
  toWall: (d) => wallTimeAt(zone, d),
});

export const UTC_FRAME = ianaFrame('UTC', null, false);

/** Reads date and date-time values of one VCALENDAR, resolving its TZIDs once. */
export class TimeReader {
  private readonly frames = new Map<string, TimeFrame>();
  constructor(private readonly vcalendar: ICAL.Component | null) {}

  /** The first value of a property as a CalTime, or null when absent or not a date. */
  read(component: ICAL.Component, name: string): CalTime | null {
    const prop = component.getFirstProperty(name);
    if (!prop) return null;
    const value = prop.getFirstValue();
    return value instanceof ICAL.Time ? this.fromTime(value, prop.getParameter('tzid') as string | undefined) : null;
  }

  /** All date values of a multi-valued property (EXDATE, RDATE: PERIOD values give their start). */
  readAll(component: ICAL.Component, name: string): CalTime[] {
    return component.getAllProperties(name).flatMap((prop) =>
      prop.getValues().flatMap((v: unknown) => {
        const time = v instanceof ICAL.Period ? v.start : v;
        return time instanceof ICAL.Time ? [this.fromTime(time, prop.getParameter('tzid') as string | undefined)] : [];
      }),
    );
  }

  fromTime(time: ICAL.Time, tzid: string | undefined): CalTime {
    const wall: WallTime = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
    if (time.isDate) return { kind: 'date', date: isoDate(wall), wall };
    const frame = this.frame(time.zone?.tzid === 'UTC' ? null : (tzid ?? null), time.zone?.tzid === 'UTC', wall.year);
    return { kind: 'instant', at: frame.toInstant(wall), wall, frame };
  }

  /** The frame for a TZID (null: UTC when `utc`, else floating, read in Europe/Zurich). */
  frame(tzid: string | null, utc: boolean, year: number): TimeFrame {
    if (utc) return UTC_FRAME;
    if (tzid === null) return ianaFrame(FLOATING_ZONE, null, true);
    let frame = this.frames.get(tzid);
    if (!frame) {
      const resolved = resolveZone(tzid, this.vcalendar, new Date(Date.UTC(year, 6, 1)));
      if (!resolved) frame = { ...UTC_FRAME, tzid };
      else if ('iana' in resolved) frame = ianaFrame(resolved.iana, tzid, false);
      else frame = customFrame(resolved.custom, tzid);
      this.frames.set(tzid, frame);
    }
    return frame;
  }
}

/** A VTIMEZONE that matches no IANA zone: ical.js computes its offsets; BrokerStar stores UTC. */
function customFrame(zone: ICAL.Timezone, tzid: string): TimeFrame {
  return {
    zone: 'UTC', tzid, floating: false,
    toInstant: (w) => new Date(ICAL.Time.fromData({ ...w }, zone).toUnixTime() * 1000),
    toWall: (d) => {
      const t = ICAL.Time.fromJSDate(d, true).convertToZone(zone);
      return { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second };
    },
  };
}

/** Midnight of a date in the floating zone: how all-day values compare with instants (RFC 4791 §9.9). */
export function dateStart(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return instantOf(FLOATING_ZONE, { year, month, day, hour: 0, minute: 0, second: 0 });
}

/** A date plus days, `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return isoDate({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}
