/**
 * Birthdays. BrokerStar stores `YYYY-MM-DD`. vCard 3.0 writes `1970-01-31` (RFC 2426 §3.1.5,
 * ISO 8601 extended), 4.0 `19700131` (RFC 6350 §4.3.1, basic format) and `--0131` without year.
 * A year-less birthday is kept as year 1604, Apple's convention (`X-APPLE-OMIT-YEAR=1604`), so that
 * it survives a round trip through the CRM instead of being dropped.
 */
export const NO_YEAR = '1604';

/** Parses any of the forms above (a time part is ignored); null when unreadable. */
export function parseBirthday(value: string): string | null {
  const v = value.trim();
  const noYear = /^--(\d{2})-?(\d{2})/.exec(v);
  if (noYear) return `${NO_YEAR}-${noYear[1]}-${noYear[2]}`;
  const full = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(v);
  return full ? `${full[1]}-${full[2]}-${full[3]}` : null;
}

/** The BDAY value (and parameters) for a version. */
export function birthdayValue(iso: string, version: '3.0' | '4.0'): { value: string; omitYear: boolean } {
  const [y = '', m = '', d = ''] = iso.split('-');
  const omitYear = y === NO_YEAR;
  if (version === '4.0') return { value: omitYear ? `--${m}${d}` : `${y}${m}${d}`, omitYear: false };
  return { value: `${y}-${m}-${d}`, omitYear };
}
