import { contactDisplayName, type ContactFields } from '../../../domain/index.ts';
import type { VCardVersion } from '../../../ports/Codecs.ts';
import { buildLine, type ContentLine } from '../contentline/ContentLine.ts';
import { escapeText, structuredValue } from '../contentline/escaping.ts';
import { birthdayValue } from './birthday.ts';
import { addressTypeParams, emailTypeParams, phoneTypeParams } from './typeParams.ts';

export const PRODID = '-//BrokerStar//BrokerStar DAV//DE';
/** BrokerStar's salutation ("Herr", "Frau") has no vCard property; N's prefix holds the title. */
export const SALUTATION_PROPERTY = 'X-BROKERSTAR-SALUTATION';

/**
 * Properties whose every occurrence BrokerStar replaces. `X-ABSHOWAS` (Apple) and `KIND` encode
 * the person/company switch. URL is not here: only the *first* URL is the CRM's website.
 */
export const SINGLE_OWNED = [
  'VERSION', 'PRODID', 'UID', 'KIND', 'X-ABSHOWAS', 'FN', 'N', SALUTATION_PROPERTY,
  'ORG', 'TITLE', 'BDAY', 'NOTE',
] as const;
export const MULTI_OWNED = ['ADR', 'TEL', 'EMAIL'] as const;
export type MultiOwned = (typeof MULTI_OWNED)[number];

/** The owned properties rendered from CRM fields, keyed by property name, in output order. */
export function renderOwned(uid: string, fields: ContactFields, version: VCardVersion): Map<string, ContentLine[]> {
  const out = new Map<string, ContentLine[]>();
  const put = (name: string, value: string | null, params: ContentLine['params'] = []) => {
    if (value === null) return;
    const key = name.toUpperCase();
    out.set(key, [...(out.get(key) ?? []), buildLine({ name, params, value })]);
  };
  const text = (v: string | null) => (v && v.trim() !== '' ? escapeText(v) : null);
  const company = fields.kind === 'company';

  put('VERSION', version);
  put('PRODID', PRODID);
  put('UID', escapeText(uid));
  // RFC 6350 §6.1.4: a missing KIND means individual. Apple shows X-ABShowAs cards by company name.
  if (company) version === '4.0' ? put('KIND', 'org') : put('X-ABShowAs', 'COMPANY');
  put('FN', escapeText(contactDisplayName(fields)));
  // RFC 6350 §6.2.2: family;given;additional;prefix;suffix. Required in 3.0 even for companies.
  put('N', structuredValue([fields.lastName, fields.firstName, '', fields.title, '']));
  put(SALUTATION_PROPERTY, text(fields.salutation));
  if (fields.company || fields.department) put('ORG', structuredValue([fields.company, ...(fields.department ? [fields.department] : [])]));
  put('TITLE', text(fields.position));
  if (fields.birthday) {
    const b = birthdayValue(fields.birthday, version);
    put('BDAY', b.value, b.omitYear ? [{ name: 'X-APPLE-OMIT-YEAR', values: ['1604'] }] : []);
  }
  put('NOTE', text(fields.notes));
  if (fields.website) put('URL', fields.website.trim()); // a URI, not TEXT: no escaping
  for (const a of fields.addresses) {
    // pobox;ext;street;city;region;postal code;country (RFC 6350 §6.3.1, RFC 2426 §3.2.1)
    const value = structuredValue(['', '', a.street, a.city, a.region, a.postalCode, a.country]);
    put('ADR', value, addressTypeParams(a.type, version));
  }
  for (const p of fields.phones) put('TEL', escapeText(p.number), phoneTypeParams(p.type, version));
  for (const e of fields.emails) put('EMAIL', escapeText(e.address), emailTypeParams(e.type, version));
  return out;
}
