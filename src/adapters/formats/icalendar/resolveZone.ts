import ICAL from 'ical.js';
import { WINDOWS_TO_IANA, ianaForWindowsZone } from './windowsZones.ts';
import { isIanaZone, offsetAt } from './zoneMath.ts';

/**
 * The zone in which BrokerStar reads floating times (RFC 5545 §3.3.5 form #1, "local time").
 * BrokerStar is a Swiss CRM: a floating 10:00 written by a client means 10:00 in Switzerland.
 */
export const FLOATING_ZONE = 'Europe/Zurich';

/** How a TZID is understood: an IANA zone, or only the VTIMEZONE the object carries. */
export type ResolvedZone = { readonly iana: string } | { readonly custom: ICAL.Timezone };

/** Zones tried, in order, when a custom VTIMEZONE is matched by its offsets (Swiss first). */
const CANDIDATES = [
  'Europe/Zurich', 'Europe/Berlin', 'Europe/Vienna', 'Europe/Paris', 'Europe/London', 'UTC',
  ...new Set(WINDOWS_TO_IANA.values()),
];

/**
 * Maps a TZID to an IANA zone: IANA names stay (also behind prefixes such as Lightning's
 * `/mozilla.org/20050126_1/Europe/Zurich`); Windows names from Outlook map via CLDR; an unknown
 * TZID is matched by the offsets its VTIMEZONE gives over the year of `around`. Trailing spaces
 * that Microsoft clients append to TZIDs are ignored. Returns the custom zone when nothing matches.
 */
export function resolveZone(tzid: string, vcalendar: ICAL.Component | null, around: Date): ResolvedZone | null {
  const name = tzid.trim();
  if (isIanaZone(name)) return { iana: name };
  const segments = name.split('/').filter(Boolean);
  for (let i = 1; i < segments.length - 1; i++) {
    const suffix = segments.slice(i).join('/');
    if (isIanaZone(suffix)) return { iana: suffix };
  }
  const windows = ianaForWindowsZone(name);
  if (windows) return { iana: windows };
  const component = vcalendar
    ?.getAllSubcomponents('vtimezone')
    .find((tz) => String(tz.getFirstPropertyValue('tzid') ?? '').trim() === name);
  if (!component) return null;
  const custom = new ICAL.Timezone(component);
  const match = CANDIDATES.find((zone) => sameOffsets(custom, zone, around.getUTCFullYear()));
  return match ? { iana: match } : { custom };
}

/** Compares offsets on dates that tell EU, US and southern-hemisphere rules apart. */
function sameOffsets(custom: ICAL.Timezone, zone: string, year: number): boolean {
  const samples: [number, number][] = [[1, 15], [3, 20], [4, 5], [7, 15], [10, 15], [10, 31], [11, 7]];
  return samples.every(([month, day]) => {
    const instant = new Date(Date.UTC(year, month - 1, day, 12));
    const local = ICAL.Time.fromData({ year, month, day, hour: 12, minute: 0, second: 0 });
    return custom.utcOffset(local) * 1000 === offsetAt(zone, instant);
  });
}
