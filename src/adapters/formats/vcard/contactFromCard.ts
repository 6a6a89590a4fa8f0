import type { ContactFields, ContactKind, EmailAddress, PhoneNumber, PostalAddress } from '../../../domain/index.ts';
import type { ContentLine } from '../contentline/ContentLine.ts';
import { structuredComponents, unescapeText } from '../contentline/escaping.ts';
import { parseBirthday } from './birthday.ts';
import { splitPrefix } from './namePrefix.ts';
import { SALUTATION_PROPERTY } from './ownedProperties.ts';
import { RECORD_GROUP } from './brokerStarRecord.ts';
import { addressType, emailType, phoneType, prefRank } from './typeParams.ts';

const blank = (s: string | undefined | null): string | null => (s && s.trim() !== '' ? s.trim() : null);

/** Maps vCard 2.1/3.0/4.0 content lines to BrokerStar's contact fields. */
export function contactFromLines(lines: readonly ContentLine[]): ContactFields {
  // Lines of the `brokerstar` group are BrokerStar's record link and categories, never the contact's fields.
  const own = lines.filter((l) => l.group?.toLowerCase() !== RECORD_GROUP);
  const first = (name: string) => own.find((l) => l.name === name) ?? null;
  const text = (name: string) => {
    const line = first(name);
    return line ? blank(unescapeText(line.value)) : null;
  };
  const n = first('N') ? structuredComponents(first('N')!.value) : [];
  const org = first('ORG') ? structuredComponents(first('ORG')!.value) : [];
  const fn = text('FN');
  const kind: ContactKind =
    first('X-ABSHOWAS')?.value.trim().toUpperCase() === 'COMPANY' || first('KIND')?.value.trim().toLowerCase() === 'org'
      ? 'company'
      : 'person';

  let lastName = blank(n[0]);
  let firstName = blank(n[1]);
  if (!lastName && !firstName && kind === 'person' && fn) {
    // Cards without a usable N (some 4.0 writers): split FN at its last space.
    const cut = fn.lastIndexOf(' ');
    [firstName, lastName] = cut > 0 ? [fn.slice(0, cut), fn.slice(cut + 1)] : [null, fn];
  }
  const prefix = splitPrefix(n[3] ?? '');

  return {
    kind,
    salutation: text(SALUTATION_PROPERTY) ?? prefix.salutation,
    title: prefix.title,
    firstName,
    lastName,
    company: blank(org[0]) ?? (kind === 'company' ? fn : null),
    department: blank(org.slice(1).join(' ')),
    position: text('TITLE'),
    birthday: first('BDAY') ? parseBirthday(first('BDAY')!.value) : null,
    notes: text('NOTE'),
    website: text('URL'),
    addresses: byPreference(lines, 'ADR').map(toAddress),
    phones: byPreference(lines, 'TEL')
      .map((l): PhoneNumber => ({ type: phoneType(l), number: telNumber(l.value) }))
      .filter((p) => p.number !== ''),
    emails: byPreference(lines, 'EMAIL')
      .map((l): EmailAddress => ({ type: emailType(l), address: unescapeText(l.value).trim() }))
      .filter((e) => e.address !== ''),
  };
}

/** Lines of one property, preferred ones first (stable): BrokerStar's first entry is the primary one. */
function byPreference(lines: readonly ContentLine[], name: string): ContentLine[] {
  return lines
    .map((line, index) => ({ line, index }))
    .filter((e) => e.line.name === name)
    .sort((a, b) => prefRank(a.line) - prefRank(b.line) || a.index - b.index)
    .map((e) => e.line);
}

export function toAddress(line: ContentLine): PostalAddress {
  // RFC 6350 §6.3.1: pobox;ext;street;locality;region;code;country
  const [pobox, ext, street, city, region, postalCode, country] = structuredComponents(line.value);
  const streetLines = [street, ext, pobox].map(blank).filter((s): s is string => s !== null);
  return {
    type: addressType(line),
    street: streetLines.length ? streetLines.join('\n') : null,
    postalCode: blank(postalCode),
    city: blank(city),
    region: blank(region),
    country: blank(country),
  };
}

/** 4.0 TEL may be a `tel:` URI (RFC 6350 §6.4.1, RFC 3966). */
export function telNumber(value: string): string {
  const v = unescapeText(value).trim();
  return v.toLowerCase().startsWith('tel:') ? v.slice(4) : v;
}
