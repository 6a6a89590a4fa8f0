import type { ContentLine } from '../contentline/ContentLine.ts';
import { structuredComponents, unescapeText } from '../contentline/escaping.ts';
import { parseBirthday } from './birthday.ts';
import { telNumber, toAddress } from './contactFromCard.ts';
import { emailType, phoneType } from './typeParams.ts';

/**
 * What BrokerStar reads from a line, as a comparable string. When a freshly rendered owned line
 * means the same as the stored one, the stored line is kept byte for byte (parameters, case and
 * Apple's escaping included), so that an unchanged CRM record does not rewrite the client's card.
 */
export function meaning(line: ContentLine): string {
  switch (line.name) {
    case 'BDAY':
      return parseBirthday(line.value) ?? line.value;
    case 'ADR':
      return JSON.stringify(toAddress(line));
    case 'TEL':
      return `${phoneType(line)}|${telNumber(line.value)}`;
    case 'EMAIL':
      return `${emailType(line)}|${unescapeText(line.value).trim().toLowerCase()}`;
    case 'N':
    case 'ORG': {
      const parts = structuredComponents(line.value).map((c) => c.trim());
      while (parts.length && parts[parts.length - 1] === '') parts.pop();
      return parts.join('\u0000');
    }
    case 'KIND':
    case 'X-ABSHOWAS':
      return line.value.trim().toLowerCase();
    default:
      return unescapeText(line.value).trim();
  }
}

/**
 * Whether a stored line `stored` still says what the fresh line says. FN is lenient: clients
 * build it their own way ("Dr. Thomas Meier" from Outlook for BrokerStar's "Thomas Meier"), so a
 * stored FN is kept while it contains every word of the fresh one.
 */
export function sameMeaning(stored: ContentLine, fresh: ContentLine): boolean {
  if (stored.name !== fresh.name) return false;
  if (stored.name === 'FN') {
    const words = (l: ContentLine) => meaning(l).toLowerCase().split(/\s+/).filter(Boolean);
    const have = new Set(words(stored));
    return words(fresh).every((w) => have.has(w));
  }
  return meaning(stored) === meaning(fresh);
}
