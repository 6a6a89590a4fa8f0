import { InvalidObjectData } from '../../../domain/index.ts';
import type { VCardVersion } from '../../../ports/Codecs.ts';
import type { ContentLine } from '../contentline/ContentLine.ts';
import { parseComponents, propertiesOf } from '../contentline/ComponentTree.ts';

/** One vCard as content lines (BEGIN/END excluded), with its version. */
export interface CardLines {
  /** 2.1 cards are read leniently and reported as 3.0, the version BrokerStar writes them back in. */
  readonly version: VCardVersion;
  readonly lines: readonly ContentLine[];
}

/**
 * Reads exactly one vCard (RFC 6350 §6.1.1, RFC 2426 §2.1). Throws `InvalidObjectData('contact')`
 * for text that is not a vCard, holds several vCards, or lacks UID or a name (FN/N).
 */
export function readCard(text: string): CardLines {
  const card = readAnyCard(text);
  if (!card.lines.some((l) => l.name === 'UID' && l.value.trim() !== '')) {
    throw new InvalidObjectData('contact', 'The vCard has no UID.');
  }
  if (!card.lines.some((l) => (l.name === 'FN' || l.name === 'N') && l.value.replace(/[;\s]/g, '') !== '')) {
    throw new InvalidObjectData('contact', 'The vCard has neither FN nor N.');
  }
  return card;
}

/** Like {@link readCard} without the UID and name checks (for conversion and group detection). */
export function readAnyCard(text: string): CardLines {
  let roots;
  try {
    roots = parseComponents(text);
  } catch (e) {
    throw new InvalidObjectData('contact', `Not a vCard: ${(e as Error).message}`);
  }
  if (roots.length === 0 || roots.some((r) => r.name !== 'VCARD')) {
    throw new InvalidObjectData('contact', 'Not a vCard (expected BEGIN:VCARD … END:VCARD).');
  }
  if (roots.length > 1) throw new InvalidObjectData('contact', 'The data holds more than one vCard.');
  const lines = propertiesOf(roots[0]!);
  const versionLine = lines.find((l) => l.name === 'VERSION');
  return { version: versionLine?.value.trim() === '4.0' ? '4.0' : '3.0', lines };
}

/**
 * True for contact-group cards: Apple's `X-ADDRESSBOOKSERVER-KIND:group` (also written by Outlook
 * CalDav Synchronizer) and vCard 4.0 `KIND:group` (RFC 6350 §6.1.4). They are not CRM contacts;
 * the write path decides what to do with them.
 */
export function isGroupCard(text: string): boolean {
  let card: CardLines;
  try {
    card = readAnyCard(text);
  } catch {
    return false;
  }
  return card.lines.some(
    (l) => (l.name === 'KIND' || l.name === 'X-ADDRESSBOOKSERVER-KIND') && l.value.trim().toLowerCase() === 'group',
  );
}
