import { caldav, carddav } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { XmlElement } from '../xml/parse.ts';
import type { TextMatch } from '../../../../domain/index.ts';

export { textMatches, type TextMatch } from '../../../../domain/index.ts';

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
