import type { TextMatch } from '../../ports/index.ts';

function fold(value: string, collation: TextMatch['collation']): string {
  if (collation === 'i;octet') return value;
  // i;unicode-casemap (RFC 5051): Unicode case folding after canonical decomposition; ASCII only folds A–Z.
  if (collation === 'i;unicode-casemap') return value.normalize('NFKD').toLowerCase().normalize('NFC');
  return value.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Whether `value` satisfies a text-match under its collation (RFC 4790). Shared by the CalDAV
 * filters (HTTP adapter) and the vCard matcher (formats adapter).
 */
export function textMatches(match: TextMatch, value: string): boolean {
  const needle = fold(match.text, match.collation);
  const hay = fold(value, match.collation);
  const hit =
    match.matchType === 'equals'
      ? hay === needle
      : match.matchType === 'starts-with'
        ? hay.startsWith(needle)
        : match.matchType === 'ends-with'
          ? hay.endsWith(needle)
          : hay.includes(needle);
  return hit !== match.negate;
}
