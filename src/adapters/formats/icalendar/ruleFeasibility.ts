import type ICAL from 'ical.js';

type Parts = Readonly<Record<string, readonly (number | string)[] | undefined>>;

/** Longest length of each month (February in a leap year). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ORDINAL_DAY = /^([+-]?\d+)?(MO|TU|WE|TH|FR|SA|SU)$/;

/**
 * Why a recurrence rule can never yield an instance after DTSTART (or breaks a MUST of RFC 5545
 * §3.3.10 that the iterator would loop on), or `null` when it can. Checked before iterating:
 * ical.js searches for a matching date without end, so FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 would
 * never return from one `next()`. Rules this misses are still stopped by the step budget.
 */
export function impossibleRuleReason(rule: ICAL.Recur): string | null {
  const parts = (rule.parts ?? {}) as Parts;
  const has = (name: string) => (parts[name]?.length ?? 0) > 0;
  const numbers = (name: string) => (parts[name] ?? []).map(Number);
  const freq = rule.freq;

  const ordinals = (parts.BYDAY ?? []).map((d) => ORDINAL_DAY.exec(String(d)));
  if (ordinals.some((m) => m === null)) return 'BYDAY holds a value that is not a weekday.';
  const nths = ordinals.map((m) => Number(m![1] ?? 0));
  if (nths.some((n) => n !== 0) && freq !== 'MONTHLY' && freq !== 'YEARLY') return 'BYDAY with a position needs FREQ=MONTHLY or YEARLY (RFC 5545 §3.3.10).';
  if (freq === 'MONTHLY' && nths.some((n) => Math.abs(n) > 5)) return 'A month has at most five of each weekday.';
  if (nths.some((n) => Math.abs(n) > 53)) return 'A year has at most 53 of each weekday.';
  if (has('BYWEEKNO') && freq !== 'YEARLY') return 'BYWEEKNO needs FREQ=YEARLY (RFC 5545 §3.3.10).';
  if (has('BYYEARDAY') && (freq === 'DAILY' || freq === 'WEEKLY' || freq === 'MONTHLY')) return 'BYYEARDAY is not allowed with this FREQ (RFC 5545 §3.3.10).';
  if (has('BYMONTHDAY') && freq === 'WEEKLY') return 'BYMONTHDAY is not allowed with FREQ=WEEKLY (RFC 5545 §3.3.10).';
  // Combinations ical.js cannot evaluate at all.
  if (has('BYYEARDAY') && (has('BYMONTH') || has('BYWEEKNO') || has('BYMONTHDAY'))) return 'BYYEARDAY cannot be combined with BYMONTH, BYWEEKNO or BYMONTHDAY here.';
  if (has('BYWEEKNO') && has('BYMONTHDAY')) return 'BYWEEKNO cannot be combined with BYMONTHDAY here.';

  const monthDays = numbers('BYMONTHDAY');
  if (monthDays.some((d) => d === 0 || Math.abs(d) > 31)) return 'BYMONTHDAY must be 1 to 31 or -31 to -1.';
  if (numbers('BYSETPOS').some((p) => p === 0 || Math.abs(p) > 366)) return 'BYSETPOS must be 1 to 366 or -366 to -1.';
  if (numbers('BYSECOND').some((s) => s > 59)) return 'BYSECOND=60 (a leap second) never occurs in this calendar.';

  const months = has('BYMONTH') ? numbers('BYMONTH') : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  if (monthDays.length > 0 && !months.some((m) => monthDays.some((d) => Math.abs(d) <= (MONTH_DAYS[m - 1] ?? 0)))) {
    return 'No month in BYMONTH has any day in BYMONTHDAY.';
  }
  const positioned = nths.filter((n) => n !== 0);
  if (freq === 'MONTHLY' && monthDays.length > 0 && positioned.length === nths.length && positioned.length > 0) {
    const fits = months.some((m) => positionsMeetMonthDays(positioned, monthDays, MONTH_DAYS[m - 1]!));
    if (!fits) return 'No weekday position in BYDAY can fall on a day in BYMONTHDAY.';
  }
  return null;
}

/** Whether an nth-weekday (1..5 or -1..-5) can fall on one of the month days in a month of up to `maxLength` days. */
function positionsMeetMonthDays(nths: readonly number[], monthDays: readonly number[], maxLength: number): boolean {
  for (let length = 28; length <= maxLength; length++) {
    const days = new Set(monthDays.map((d) => (d > 0 ? d : length + d + 1)).filter((d) => d >= 1 && d <= length));
    for (const n of nths) {
      const first = n > 0 ? (n - 1) * 7 + 1 : length + n * 7 + 1;
      for (let d = first; d < first + 7; d++) if (d >= 1 && d <= length && days.has(d)) return true;
    }
  }
  return false;
}
