import { Random } from './random.ts';
import type { ContactSeed, EmailRow, PhoneRow } from './seedRows.ts';
import {
  COMPANY_PATTERNS, CONTACT_NOTES, DEPARTMENTS, FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, POSITIONS,
  PRIVATE_MAIL_DOMAINS, STREETS, SWISS_CITIES, WELL_KNOWN_COMPANIES, type SwissCity,
} from './swissData.ts';

/** Share of generated contacts that are companies. */
export const COMPANY_SHARE = 0.15;

const CITY_CHOICES = SWISS_CITIES.map((c) => [c, c.weight] as const);

/** ASCII slug for e-mail addresses and web sites: "Jürg Müller-Schär" → "juerg.mueller-schaer". */
export function mailSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, '').replace(/[^a-z0-9.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
}

/** Swiss numbers in the formats people actually type: "+41 44 123 45 67", "044 123 45 67". */
export function swissPhone(rng: Random, prefix: string): string {
  const local = `${rng.digits(3)} ${rng.digits(2)} ${rng.digits(2)}`.replace(/^0/, String(rng.int(2, 9)));
  return rng.chance(0.6) ? `+41 ${prefix} ${local}` : `0${prefix} ${local}`;
}

function mobilePrefix(rng: Random): string {
  return rng.pick(['76', '77', '78', '79']);
}

function streetLine(rng: Random, city: SwissCity): string {
  const street = rng.pick(STREETS[city.language]);
  const number = `${rng.int(1, 120)}${rng.chance(0.1) ? rng.pick(['a', 'b']) : ''}`;
  // Romandy and Ticino write the house number first.
  return city.language === 'de' ? `${street} ${number}` : `${number}, ${street}`;
}

function birthday(rng: Random): string {
  const year = rng.int(1945, 2004);
  const month = rng.int(1, 12);
  const day = rng.int(1, month === 2 ? 28 : 30);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function address(rng: Random, city: SwissCity, type: 'work' | 'home') {
  return { type, street: streetLine(rng, city), postal_code: city.postalCode, city: city.city, region: city.canton, country: 'Schweiz' };
}

function companyName(rng: Random, city: SwissCity): string {
  if (rng.chance(0.15)) return rng.pick(WELL_KNOWN_COMPANIES);
  return rng.pick(COMPANY_PATTERNS).replace('{last}', rng.pick(LAST_NAMES)).replace('{city}', city.city);
}

function generateCompany(rng: Random): ContactSeed {
  const city = rng.weighted(CITY_CHOICES);
  const company = companyName(rng, city);
  const domain = `${mailSlug(company.replace(/\b(AG|GmbH|SA)\b/g, '')).replace(/\./g, '')}.ch`;
  const phones: PhoneRow[] = [{ type: 'work', number: swissPhone(rng, city.areaCode) }];
  if (rng.chance(0.2)) phones.push({ type: 'fax', number: swissPhone(rng, city.areaCode) });
  return {
    contact: {
      kind: 'company', salutation: null, title: null, first_name: null, last_name: null, company,
      department: rng.chance(0.2) ? rng.pick(DEPARTMENTS) : null, position: null, birthday: null,
      notes: rng.chance(0.3) ? rng.pick(CONTACT_NOTES) : null, website: `https://www.${domain}`,
    },
    addresses: [address(rng, city, 'work')],
    phones,
    emails: [{ type: 'work', address: `info@${domain}` }],
  };
}

function generatePerson(rng: Random): ContactSeed {
  const female = rng.chance(0.5);
  const first = rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
  const last = rng.chance(0.08) ? `${rng.pick(LAST_NAMES)}-${rng.pick(LAST_NAMES)}` : rng.pick(LAST_NAMES);
  const city = rng.weighted(CITY_CHOICES);
  const employed = rng.chance(0.3);
  const company = employed ? companyName(rng, city) : null;
  const phones: PhoneRow[] = [];
  if (rng.chance(0.85)) phones.push({ type: 'mobile', number: swissPhone(rng, mobilePrefix(rng)) });
  if (rng.chance(0.4)) phones.push({ type: 'home', number: swissPhone(rng, city.areaCode) });
  if (employed && rng.chance(0.6)) phones.push({ type: 'work', number: swissPhone(rng, city.areaCode) });
  const emails: EmailRow[] = [];
  const slug = `${mailSlug(first)}.${mailSlug(last)}`;
  if (rng.chance(0.8)) emails.push({ type: 'home', address: `${slug}@${rng.pick(PRIVATE_MAIL_DOMAINS)}` });
  if (company && rng.chance(0.7)) {
    emails.push({ type: 'work', address: `${slug}@${mailSlug(company.replace(/\b(AG|GmbH|SA)\b/g, '')).replace(/\./g, '')}.ch` });
  }
  const addresses = [address(rng, city, 'home')];
  if (company && rng.chance(0.3)) addresses.push(address(rng, rng.weighted(CITY_CHOICES), 'work'));
  return {
    contact: {
      kind: 'person', salutation: female ? 'Frau' : 'Herr', title: rng.chance(0.06) ? 'Dr.' : null,
      first_name: first, last_name: last, company, department: company && rng.chance(0.3) ? rng.pick(DEPARTMENTS) : null,
      position: company && rng.chance(0.5) ? rng.pick(POSITIONS) : null,
      birthday: rng.chance(0.4) ? birthday(rng) : null,
      notes: rng.chance(0.2) ? rng.pick(CONTACT_NOTES) : null, website: null,
    },
    addresses,
    phones,
    emails,
  };
}

/** `count` contacts, deterministic for a seed; ~15% companies. Lazy, so 100 000 need little memory. */
export function* generateContacts(seed: number, count: number): Generator<ContactSeed> {
  const rng = new Random(seed);
  for (let i = 0; i < count; i++) yield rng.chance(COMPANY_SHARE) ? generateCompany(rng) : generatePerson(rng);
}
