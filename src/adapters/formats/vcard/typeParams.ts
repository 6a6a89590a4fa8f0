import type { AddressType, EmailType, PhoneType } from '../../../domain/index.ts';
import type { ContentLine, ContentParam } from '../contentline/ContentLine.ts';
import { paramValues } from '../contentline/ContentLine.ts';
import type { VCardVersion } from '../../../ports/Codecs.ts';

/**
 * TYPE parameters of ADR, TEL and EMAIL. Clients spell them many ways: `TYPE=CELL` (iOS, Outlook
 * CalDav Synchronizer), `type=cell`, `TYPE="work,voice"` (DAVx5, quoted list), repeated `TYPE=`
 * parameters, vCard 2.1 bare `TEL;WORK;VOICE:` and 4.0 lower-case `TYPE=work` (Thunderbird).
 */
export function typeSet(line: ContentLine): Set<string> {
  return new Set(
    paramValues(line, 'TYPE')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Preference rank: 3.0 `TYPE=pref` counts as 1, 4.0 `PREF=n` (RFC 6350 §5.3) as n; else none. */
export function prefRank(line: ContentLine): number {
  const pref = Number(paramValues(line, 'PREF')[0]);
  if (Number.isFinite(pref) && pref > 0) return pref;
  return typeSet(line).has('pref') ? 1 : Number.POSITIVE_INFINITY;
}

export function phoneType(line: ContentLine): PhoneType {
  const t = typeSet(line);
  if (t.has('fax')) return 'fax';
  if (t.has('cell') || t.has('iphone') || t.has('mobile')) return 'mobile';
  if (t.has('work')) return 'work';
  if (t.has('home')) return 'home';
  return 'other';
}

export function emailType(line: ContentLine): EmailType {
  const t = typeSet(line);
  return t.has('work') ? 'work' : t.has('home') ? 'home' : 'other';
}

export function addressType(line: ContentLine): AddressType {
  return emailType(line);
}

const PHONE_TYPES: Record<PhoneType, string[]> = {
  work: ['work', 'voice'],
  home: ['home', 'voice'],
  mobile: ['cell', 'voice'],
  fax: ['work', 'fax'],
  other: ['voice'],
};

function typeParam(values: string[], version: VCardVersion): ContentParam[] {
  if (values.length === 0) return [];
  return [{ name: 'TYPE', values: values.map((v) => (version === '3.0' ? v.toUpperCase() : v)) }];
}

/** TYPE parameter for a phone: 3.0 `TYPE=WORK,VOICE`, 4.0 `TYPE=work,voice` (RFC 6350 §6.4.1). */
export function phoneTypeParams(type: PhoneType, version: VCardVersion): ContentParam[] {
  return typeParam(PHONE_TYPES[type], version);
}

/** 3.0 e-mails carry `INTERNET` (RFC 2426 §3.3.2); 4.0 has no such type. */
export function emailTypeParams(type: EmailType, version: VCardVersion): ContentParam[] {
  const values = type === 'other' ? [] : [type];
  return typeParam(version === '3.0' ? ['internet', ...values] : values, version);
}

export function addressTypeParams(type: AddressType, version: VCardVersion): ContentParam[] {
  return typeParam(type === 'other' ? [] : [type], version);
}
