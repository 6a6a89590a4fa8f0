import type { VCardVersion } from '../../../ports/Codecs.ts';
import { buildLine, paramValue, withChanges, type ContentLine, type ContentParam } from '../contentline/ContentLine.ts';
import { parseBirthday, birthdayValue } from './birthday.ts';
import { readAnyCard } from './readCard.ts';
import { typeSet } from './typeParams.ts';

/**
 * Converts one card between vCard 3.0 (RFC 2426) and 4.0 (RFC 6350). Lines the two versions write
 * alike (all unknown and X- properties among them) pass through untouched.
 */
export function convertLines(text: string, target: VCardVersion): ContentLine[] {
  const card = readAnyCard(text);
  if (card.version === target) return [...card.lines];
  const convert = target === '4.0' ? to40 : to30;
  const out = card.lines.flatMap(convert);
  if (target === '3.0' && !out.some((l) => l.name === 'N')) {
    // N is mandatory in 3.0 (RFC 2426 §3.1.2) but optional in 4.0.
    const at = out.findIndex((l) => l.name === 'FN');
    out.splice(at + 1, 0, buildLine({ name: 'N', value: ';;;;' }));
  }
  return out;
}

/** RFC 6350 §6.1.4 KIND vs Apple's X-ABShowAs / X-ADDRESSBOOKSERVER-KIND. */
function to40(line: ContentLine): ContentLine[] {
  switch (line.name) {
    case 'VERSION':
      return [withChanges(line, { value: '4.0' })];
    case 'X-ABSHOWAS':
      return line.value.trim().toUpperCase() === 'COMPANY' ? [buildLine({ group: line.group, name: 'KIND', value: 'org' })] : [line];
    case 'X-ADDRESSBOOKSERVER-KIND':
      return [buildLine({ group: line.group, name: 'KIND', value: line.value.trim().toLowerCase() })];
    case 'X-ADDRESSBOOKSERVER-MEMBER':
      return [withChanges(line, { name: 'MEMBER' })];
    case 'BDAY':
    case 'ANNIVERSARY': {
      const iso = parseBirthday(line.value);
      if (!iso) return [line];
      const params = line.params.filter((p) => p.name !== 'X-APPLE-OMIT-YEAR' && p.name !== 'VALUE');
      return [withChanges(line, { params, value: birthdayValue(iso, '4.0').value })];
    }
    case 'PHOTO':
    case 'LOGO':
    case 'SOUND':
    case 'KEY':
      return [binaryTo40(line)];
    case 'TEL':
    case 'EMAIL':
    case 'ADR':
    case 'URL':
    case 'IMPP':
      return [typesTo40(line)];
    default:
      return [line];
  }
}

function to30(line: ContentLine): ContentLine[] {
  switch (line.name) {
    case 'VERSION':
      return [withChanges(line, { value: '3.0' })];
    case 'KIND': {
      const kind = line.value.trim().toLowerCase();
      if (kind === 'org') return [buildLine({ group: line.group, name: 'X-ABShowAs', value: 'COMPANY' })];
      if (kind === 'group') return [buildLine({ group: line.group, name: 'X-ADDRESSBOOKSERVER-KIND', value: 'group' })];
      return kind === 'individual' ? [] : [line];
    }
    case 'MEMBER':
      return [withChanges(line, { name: 'X-ADDRESSBOOKSERVER-MEMBER' })];
    case 'BDAY':
    case 'ANNIVERSARY': {
      const iso = parseBirthday(line.value);
      if (!iso) return [line];
      const b = birthdayValue(iso, '3.0');
      const params = line.params.filter((p) => p.name !== 'VALUE');
      return [withChanges(line, { params: b.omitYear ? [...params, { name: 'X-APPLE-OMIT-YEAR', values: ['1604'] }] : params, value: b.value })];
    }
    case 'PHOTO':
    case 'LOGO':
    case 'SOUND':
    case 'KEY':
      return [binaryTo30(line)];
    case 'TEL':
    case 'EMAIL':
    case 'ADR':
    case 'URL':
    case 'IMPP':
      return [typesTo30(line)];
    default:
      return [line];
  }
}

/** 3.0 `ENCODING=b;TYPE=JPEG:<base64>` becomes a 4.0 `data:` URI (RFC 6350 §6.2.4, RFC 2397). */
function binaryTo40(line: ContentLine): ContentLine {
  const encoding = paramValue(line, 'ENCODING')?.toLowerCase();
  const rest = line.params.filter((p) => !['ENCODING', 'TYPE', 'VALUE'].includes(p.name));
  if (encoding === 'b' || encoding === 'base64') {
    const type = (paramValue(line, 'TYPE') ?? 'jpeg').toLowerCase();
    const media = type.includes('/') ? type : `image/${type}`;
    return withChanges(line, { params: rest, value: `data:${media};base64,${line.value.replace(/\s/g, '')}` });
  }
  return withChanges(line, { params: rest });
}

/** The reverse of {@link binaryTo40}; plain URIs get 3.0's `VALUE=uri` (RFC 2426 §3.1.4). */
function binaryTo30(line: ContentLine): ContentLine {
  const data = /^data:([^;,]+)?(;base64)?,(.*)$/is.exec(line.value);
  const rest = line.params.filter((p) => !['MEDIATYPE', 'VALUE'].includes(p.name));
  if (data && data[2]) {
    const subtype = (data[1] ?? 'image/jpeg').split('/')[1] ?? 'jpeg';
    const params: ContentParam[] = [...rest, { name: 'ENCODING', values: ['b'] }, { name: 'TYPE', values: [subtype.toUpperCase()] }];
    return withChanges(line, { params, value: data[3] ?? '' });
  }
  return withChanges(line, { params: [...rest, { name: 'VALUE', values: ['uri'] }] });
}

/** 3.0 `TYPE=pref` becomes 4.0 `PREF=1` (RFC 6350 §5.3); `INTERNET` has no 4.0 meaning. */
function typesTo40(line: ContentLine): ContentLine {
  const types = [...typeSet(line)].filter((t) => t !== 'pref' && t !== 'internet');
  const rest = line.params.filter((p) => p.name !== 'TYPE');
  const params: ContentParam[] = [...(types.length ? [{ name: 'TYPE', values: types }] : []), ...rest];
  if (typeSet(line).has('pref') && !rest.some((p) => p.name === 'PREF')) params.push({ name: 'PREF', values: ['1'] });
  return withChanges(line, { params });
}

function typesTo30(line: ContentLine): ContentLine {
  const types = [...typeSet(line)].map((t) => t.toUpperCase());
  if (line.name === 'EMAIL' && !types.includes('INTERNET')) types.unshift('INTERNET');
  if (line.params.some((p) => p.name === 'PREF')) types.push('PREF');
  const isTelUri = line.name === 'TEL' && /^tel:/i.test(line.value);
  const rest = line.params.filter((p) => p.name !== 'TYPE' && p.name !== 'PREF' && !(isTelUri && p.name === 'VALUE'));
  const params: ContentParam[] = [...(types.length ? [{ name: 'TYPE', values: types }] : []), ...rest];
  return withChanges(line, { params, value: isTelUri ? line.value.slice(4) : line.value });
}
