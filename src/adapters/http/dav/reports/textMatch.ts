import { caldav, carddav } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { XmlElement } from '../xml/parse.ts';

/** `text-match` of CalDAV (RFC 4791 §9.7.5) and CardDAV (RFC 6352 §10.5.4). */
export interface TextMatch {
  readonly text: string;
  readonly collation: 'i;ascii-casemap' | 'i;unicode-casemap' | 'i;octet';
  readonly matchType: 'equals' | 'contains' | 'starts-with' | 'ends-with';
  readonly negate: boolean;
}

const COLLATIONS = new Set(['i;ascii-casemap', 'i;unicode-casemap', 'i;octet']);

/**
 * Parses a text-match. An unknown collation violates the `supported-collation` precondition of the
 * protocol the filter belongs to: CALDAV (RFC 4791 §7.8) or CARDDAV (RFC 6352 §8.6).
 */
export function parseTextMatch(element: XmlElement, defaultCollation: TextMatch['collation'], protocol: 'caldav' | 'carddav'): TextMatch {
  const collation = element.attributes.collation ?? defaultCollation;
  if (!COLLATIONS.has(collation)) {
    const precondition = protocol === 'carddav' ? carddav('supported-collation') : caldav('supported-collation');
    throw new DavHttpError(403, `Unsupported collation "${collation}".`, el(precondition, collation));
  }
  const matchType = (element.attributes['match-type'] ?? 'contains') as TextMatch['matchType'];
  if (!['equals', 'contains', 'starts-with', 'ends-with'].includes(matchType)) {
    throw new DavHttpError(400, `Unsupported match-type "${matchType}".`);
  }
  return { text: element.text, collation: collation as TextMatch['collation'], matchType, negate: element.attributes['negate-condition'] === 'yes' };
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
