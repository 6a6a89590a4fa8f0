import { InvalidObjectData, type ContactFields } from '../../../domain/index.ts';
import type { ContactCodec, ContactExtras, ParsedContact, VCardVersion } from '../../../ports/Codecs.ts';
import { isBrokerStarLine, withRecordLines } from './brokerStarRecord.ts';
import type { ContentLine } from '../contentline/ContentLine.ts';
import { unescapeText } from '../contentline/escaping.ts';
import { serializeLines } from '../contentline/folding.ts';
import { contactFromLines } from './contactFromCard.ts';
import { convertLines } from './convertVersion.ts';
import { mergeIntoCard } from './mergeCard.ts';
import { renderOwned } from './ownedProperties.ts';
import { isGroupCard, readAnyCard, readCard } from './readCard.ts';

/**
 * vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) codec. A small content-line model is used instead of the
 * `vcard4` package because that package only reads and writes 4.0, while Apple clients and
 * Outlook CalDav Synchronizer need 3.0 (docs/clients.md §1.5, §2.3).
 */
export class VCardCodec implements ContactCodec {
  /**
   * Parses a device's card with the line parser the merger uses, and merges the fields back once:
   * what is accepted here can always be re-rendered after a BrokerStar-side edit.
   */
  parse(text: string): ParsedContact {
    const card = readCard(text);
    const uidLine = card.lines.find((l) => l.name === 'UID')!;
    const parsed = { uid: unescapeText(uidLine.value).trim(), version: card.version, fields: contactFromLines(card.lines), isGroup: isGroupCard(text) };
    try {
      this.render(parsed.uid, parsed.fields, text);
    } catch (e) {
      throw new InvalidObjectData('contact', `BrokerStar cannot merge its fields into this vCard: ${(e as Error).message}`);
    }
    return parsed;
  }

  render(uid: string, fields: ContactFields, previous: string | null, extras?: ContactExtras): string {
    if (previous === null) return wrap(withRecordLines([...renderOwned(uid, fields, '3.0').values()].flat(), extras));
    if (!extras) return wrap(mergeIntoCard(uid, fields, previous));
    // Our lines are taken out before merging: the merger must not mistake our link for the website.
    const card = readAnyCard(previous);
    const theirs = card.lines.filter((l) => !isBrokerStarLine(l, extras.recordUrl));
    const merged = theirs.length === card.lines.length ? mergeIntoCard(uid, fields, previous) : mergeIntoCard(uid, fields, wrap(theirs));
    return wrap(withRecordLines(merged, extras));
  }

  convert(text: string, version: VCardVersion): string {
    // Most stored cards already are in the wanted version: serve their bytes untouched (and fast).
    if (VERSION_LINE.exec(text)?.[1] === version) return text;
    return wrap(convertLines(text, version));
  }
}

const VERSION_LINE = /^VERSION:\s*([\d.]+)\s*$/m;

function wrap(lines: readonly ContentLine[]): string {
  return serializeLines(['BEGIN:VCARD', ...lines.map((l) => l.raw), 'END:VCARD']);
}
