/**
 * A `text-match` of CalDAV (RFC 4791 §9.7.5) and CardDAV (RFC 6352 §10.5.4): how a search term
 * is compared with a value, under one of the collations both protocols name (RFC 4790, RFC 5051).
 */
export interface TextMatch {
  readonly text: string;
  readonly collation: 'i;ascii-casemap' | 'i;unicode-casemap' | 'i;octet';
  readonly matchType: 'equals' | 'contains' | 'starts-with' | 'ends-with';
  readonly negate: boolean;
}

function fold(value: string, collation: TextMatch['collation']): string {
  if (collation === 'i;octet') return value;
  // i;unicode-casemap (RFC 5051): Unicode case folding after canonical decomposition; ASCII only folds A–Z.
  if (collation === 'i;unicode-casemap') return value.normalize('NFKD').toLowerCase().normalize('NFC');
  return value.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

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
