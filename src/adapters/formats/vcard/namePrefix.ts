import type { ContactFields } from '../../../domain/index.ts';
import { buildLine, type ContentLine } from '../contentline/ContentLine.ts';
import { structuredComponents, structuredValue } from '../contentline/escaping.ts';

/**
 * Words clients put in the N prefix (RFC 6350 §6.2.2) that BrokerStar keeps as salutation rather
 * than as academic title: iOS and Outlook have a single "prefix" field where users type "Herr".
 */
const SALUTATIONS = new Set(['herr', 'frau', 'hr.', 'fr.', 'mr.', 'mr', 'mrs.', 'mrs', 'ms.', 'ms', 'monsieur', 'madame', 'signor', 'signora']);

/** Splits an N prefix into salutation words and title words. */
export function splitPrefix(prefix: string): { salutation: string | null; title: string | null } {
  const words = prefix.split(/\s+/).filter(Boolean);
  const join = (ws: string[]) => (ws.length ? ws.join(' ') : null);
  return {
    salutation: join(words.filter((w) => SALUTATIONS.has(w.toLowerCase()))),
    title: join(words.filter((w) => !SALUTATIONS.has(w.toLowerCase()))),
  };
}

/**
 * The N line for a stored card: BrokerStar owns family name, given name and title, but not the
 * additional names (middle name) and suffix, which are kept. A stored prefix that already says
 * "Herr Dr." is kept when salutation and title are unchanged. Returns whether the salutation is
 * carried by the prefix, in which case no X-BROKERSTAR-SALUTATION line is needed.
 */
export function mergeName(stored: ContentLine, fields: ContactFields): { line: ContentLine; salutationInPrefix: boolean } {
  const [, , additional = '', prefix = '', suffix = ''] = structuredComponents(stored.value);
  const split = splitPrefix(prefix);
  const keepPrefix = split.title === (fields.title?.trim() || null) && (split.salutation === null || split.salutation === (fields.salutation?.trim() || null));
  const value = structuredValue([fields.lastName, fields.firstName, additional, keepPrefix ? prefix : fields.title, suffix]);
  return {
    line: buildLine({ group: stored.group, name: 'N', params: stored.params, value }),
    salutationInPrefix: keepPrefix && split.salutation !== null,
  };
}
