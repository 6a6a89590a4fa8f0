import type { ContactSeed, PhoneRow } from './seedRows.ts';
import { SWISS_CITIES } from './swissData.ts';
import type { DemoUserKey } from './demoUsers.ts';

/** One demo contact in a compact notation; `key` lets tasks and shares refer to it. */
interface DemoContactSpec {
  readonly key?: string;
  readonly owner: DemoUserKey;
  /** "Herr Dr. Hans Müller" (person) or a company name (company). */
  readonly name: string;
  readonly company?: string;
  readonly position?: string;
  readonly street: string;
  readonly zip: string;
  readonly city: string;
  readonly phone?: string;
  readonly mobile?: string;
  readonly email?: string;
  readonly web?: string;
  readonly birthday?: string;
  readonly notes?: string;
}

const C = (spec: DemoContactSpec) => spec;

export const DEMO_CONTACTS: readonly DemoContactSpec[] = [
  C({ key: 'hans', owner: 'max', name: 'Herr Hans Müller', street: 'Seestrasse 45', zip: '8810', city: 'Horgen', mobile: '+41 79 312 45 67', phone: '044 725 12 34', email: 'hans.mueller@bluewin.ch', birthday: '1968-04-12', notes: 'Kunde seit 2012. Hausrat, Privathaftpflicht, 3. Säule.' }),
  C({ key: 'kaethi', owner: 'max', name: 'Frau Käthi Lüthi', street: 'Bahnhofstrasse 12', zip: '8001', city: 'Zürich', mobile: '079 456 78 90', email: 'kaethi.luethi@gmx.ch', birthday: '1975-11-03' }),
  C({ key: 'juerg', owner: 'max', name: 'Herr Jürg Bärtschi', company: 'Bärtschi Architekten AG', position: 'Inhaber', street: 'Mühlebachstrasse 8', zip: '8005', city: 'Zürich', phone: '+41 44 251 33 10', mobile: '+41 78 600 12 12', email: 'j.baertschi@baertschi-architekten.ch', notes: 'Betriebshaftpflicht läuft per 30.6. aus.' }),
  C({ owner: 'max', name: 'Frau Dr. Regula Schär', street: 'Sonnenbergstrasse 21', zip: '8400', city: 'Winterthur', mobile: '+41 76 390 44 55', email: 'regula.schaer@hispeed.ch', birthday: '1961-02-28' }),
  C({ owner: 'max', name: 'Herr Beat Flückiger', street: 'Marktgasse 3', zip: '3011', city: 'Bern', phone: '031 311 22 33', email: 'beat.flueckiger@sunrise.ch' }),
  C({ key: 'stoeckli', owner: 'max', name: 'Bäckerei Stöckli', street: 'Dorfstrasse 7', zip: '8610', city: 'Uster', phone: '+41 44 940 11 22', email: 'info@baeckerei-stoeckli.ch', web: 'https://www.baeckerei-stoeckli.ch', notes: 'Sachversicherung und BVG, 12 Mitarbeitende.' }),
  C({ owner: 'max', name: 'Frau Nicole Kälin', street: 'Zürcherstrasse 101', zip: '8500', city: 'Frauenfeld', mobile: '077 401 22 98', email: 'nicole.kaelin@gmail.com', birthday: '1989-07-19' }),
  C({ owner: 'max', name: 'Herr Reto Zürcher', street: 'Hauptstrasse 15', zip: '5400', city: 'Baden', mobile: '+41 79 777 31 20', email: 'reto.zuercher@bluewin.ch', notes: 'Familie Zürcher: Krankenkassenwechsel per 1.1. prüfen.' }),
  C({ key: 'rhein', owner: 'max', name: 'Rhein Logistik AG', street: 'Hafenstrasse 20', zip: '4051', city: 'Basel', phone: '+41 61 690 50 50', email: 'info@rhein-logistik.ch', web: 'https://www.rhein-logistik.ch', notes: 'BVG-Lösung für 45 Mitarbeitende offeriert.' }),
  C({ owner: 'max', name: 'Frau Ursula Gränicher', street: 'Rosenweg 4', zip: '5000', city: 'Aarau', phone: '062 822 10 41', birthday: '1952-09-30' }),
  C({ owner: 'max', name: 'Herr Lukas Wyss', street: 'Lindenstrasse 9', zip: '6003', city: 'Luzern', mobile: '+41 78 812 45 00', email: 'lukas.wyss@gmx.ch' }),
  C({ owner: 'max', name: 'Herr Marco Rossi', street: '12, Via Nassa', zip: '6900', city: 'Lugano', mobile: '+41 79 220 33 44', email: 'marco.rossi@ticino.com', notes: 'Spricht Italienisch und Deutsch.' }),
  C({ key: 'bruegger', owner: 'sandra', name: 'Herr Daniel Brügger', street: 'Gartenstrasse 30', zip: '8001', city: 'Zürich', mobile: '+41 79 555 10 20', email: 'daniel.bruegger@bluewin.ch', notes: 'Wasserschaden Küche gemeldet, Gutachten ausstehend.' }),
  C({ owner: 'sandra', name: 'Frau Franziska Hösli', street: 'Kirchweg 2', zip: '8400', city: 'Winterthur', mobile: '076 123 45 67', email: 'franziska.hoesli@gmail.com', birthday: '1983-05-14' }),
  C({ key: 'zuercher-velo', owner: 'sandra', name: 'Zürcher Velo GmbH', street: 'Löwenstrasse 55', zip: '8001', city: 'Zürich', phone: '+41 44 212 80 80', email: 'info@zuercher-velo.ch', web: 'https://www.zuercher-velo.ch' }),
  C({ owner: 'sandra', name: 'Herr Stefan Moser', street: 'Poststrasse 14', zip: '9000', city: 'St. Gallen', phone: '071 222 45 45', mobile: '079 845 12 12', email: 'stefan.moser@sunrise.ch', birthday: '1970-12-24' }),
  C({ owner: 'sandra', name: 'Frau Brigitte Steiner', street: 'Bergstrasse 88', zip: '6300', city: 'Zug', mobile: '+41 78 901 23 45', email: 'brigitte.steiner@bluewin.ch' }),
  C({ owner: 'sandra', name: 'Herr Urs Widmer', street: 'Industriestrasse 5', zip: '4600', city: 'Olten', phone: '+41 62 212 00 10', email: 'urs.widmer@widmer-elektro.ch', company: 'Elektro Widmer GmbH', position: 'Geschäftsführer' }),
  C({ owner: 'sandra', name: 'Frau Laura Bachmann', street: 'Feldweg 1', zip: '3600', city: 'Thun', mobile: '077 345 67 89', email: 'laura.bachmann@gmx.ch', birthday: '1995-03-08' }),
  C({ owner: 'sandra', name: 'Herr Matthias Suter', street: 'Tösstalstrasse 60', zip: '8400', city: 'Winterthur', phone: '052 213 44 55' }),
  C({ key: 'muster', owner: 'lisa', name: 'Muster AG', street: 'Bahnhofstrasse 100', zip: '8001', city: 'Zürich', phone: '+41 44 200 10 10', email: 'info@muster.ch', web: 'https://www.muster.ch', notes: 'Grosskunde: Flotte, Gebäude, Kollektiv-Krankentaggeld.' }),
  C({ key: 'helvetia', owner: 'lisa', name: 'Helvetia Treuhand GmbH', street: 'Marktgasse 50', zip: '3011', city: 'Bern', phone: '+41 31 330 40 40', email: 'kontakt@helvetia-treuhand.ch', web: 'https://www.helvetia-treuhand.ch' }),
  C({ owner: 'lisa', name: 'Madame Léa Favre', street: '15, Rue du Lac', zip: '1003', city: 'Lausanne', mobile: '+41 79 600 70 80', email: 'lea.favre@bluewin.ch', birthday: '1979-06-21', notes: 'Correspondance en français.' }),
  C({ owner: 'lisa', name: 'Monsieur François Rochat', street: '3, Rue de la Gare', zip: '1201', city: 'Genève', phone: '022 731 55 66', email: 'f.rochat@leman-conseil.ch', company: 'Léman Conseil SA', position: 'Directeur' }),
  C({ key: 'alpenblick', owner: 'lisa', name: 'Alpenblick Hotel AG', street: 'Sonnenbergstrasse 1', zip: '7000', city: 'Chur', phone: '+41 81 250 60 60', email: 'direktion@alpenblick-hotel.ch', web: 'https://www.alpenblick-hotel.ch', notes: 'Betriebshaftpflicht und Gebäudeversicherung.' }),
  C({ owner: 'lisa', name: 'Frau Monika Graf', street: 'Schulhausstrasse 11', zip: '8610', city: 'Uster', mobile: '079 500 60 70', email: 'monika.graf@gmail.com', birthday: '1966-10-10' }),
  C({ owner: 'lisa', name: 'Herr Andreas Huber', street: 'Hauptstrasse 2', zip: '9500', city: 'Wil', phone: '071 911 22 00', mobile: '+41 79 111 22 33' }),
  C({ owner: 'lisa', name: 'Herr Christoph Gerber', company: 'Gerber & Partner GmbH', position: 'Partner', street: 'Bärenplatz 7', zip: '3011', city: 'Bern', phone: '+41 31 318 18 18', email: 'c.gerber@gerber-partner.ch' }),
  C({ owner: 'lisa', name: 'Frau Giulia Bernasconi', street: '4, Corso Elvezia', zip: '6900', city: 'Lugano', mobile: '+41 76 555 44 33', email: 'giulia.bernasconi@bluewin.ch', birthday: '1991-01-17' }),
  C({ owner: 'lisa', name: 'Herr Rolf Baumann', street: 'Seestrasse 210', zip: '8810', city: 'Horgen', phone: '044 770 20 30', notes: 'Pensioniert, Kapitalbezug Pensionskasse besprochen.' }),
  C({ owner: 'anna', name: 'Frau Sarah Meier', street: 'Rosenweg 12', zip: '8005', city: 'Zürich', mobile: '+41 79 888 77 66', email: 'sarah.meier@gmx.ch', birthday: '1993-08-30' }),
  C({ owner: 'anna', name: 'Herr Thomas Schneider', street: 'Gartenstrasse 3', zip: '4051', city: 'Basel', phone: '061 271 33 44', email: 'thomas.schneider@bluewin.ch' }),
  C({ owner: 'anna', name: 'Frau Claudia Weber', street: 'Kirchweg 19', zip: '6003', city: 'Luzern', mobile: '078 222 11 00', email: 'claudia.weber@hispeed.ch' }),
  C({ owner: 'anna', name: 'Schreinerei Frei GmbH', street: 'Industriestrasse 40', zip: '5400', city: 'Baden', phone: '+41 56 222 90 90', email: 'info@schreinerei-frei.ch', web: 'https://www.schreinerei-frei.ch' }),
  C({ owner: 'anna', name: 'Herr Pascal Aebischer', street: '8, Chemin des Vignes', zip: '1700', city: 'Fribourg', mobile: '+41 79 321 65 43', email: 'pascal.aebischer@gmail.com', birthday: '1987-04-01' }),
  C({ owner: 'anna', name: 'Frau Esther Roth', street: 'Dorfstrasse 23', zip: '8200', city: 'Schaffhausen', phone: '052 625 10 10' }),
  C({ key: 'bonvin', owner: 'peter', name: 'Herr Yannick Bonvin', street: '2, Place de la Palud', zip: '1950', city: 'Sion', mobile: '+41 79 444 55 66', email: 'yannick.bonvin@bluewin.ch' }),
  C({ owner: 'peter', name: 'Frau Doris Zimmermann', street: 'Bahnhofstrasse 77', zip: '4500', city: 'Solothurn', phone: '032 622 33 44', birthday: '1958-12-02' }),
  C({ owner: 'peter', name: 'Garage Fischer AG', street: 'Industriestrasse 12', zip: '2502', city: 'Biel/Bienne', phone: '+41 32 341 41 41', email: 'info@garage-fischer.ch', web: 'https://www.garage-fischer.ch' }),
  C({ owner: 'peter', name: 'Herr Sämi Brunner', street: 'Bergstrasse 5', zip: '7000', city: 'Chur', mobile: '077 888 99 00', email: 'saemi.brunner@gmx.ch' }),
];

/** Contacts explicitly shared with a user who would not otherwise see them. */
/** BrokerStar's customer categories and the demo contacts in each (contacts show them as CATEGORIES). */
export const DEMO_CATEGORIES: ReadonlyArray<{ readonly name: string; readonly contacts: readonly string[] }> = [
  { name: 'Privatkunde', contacts: ['hans', 'kaethi', 'bruegger', 'bonvin'] },
  { name: 'Firmenkunde', contacts: ['juerg', 'stoeckli', 'rhein', 'muster', 'helvetia', 'alpenblick', 'zuercher-velo'] },
  { name: 'VIP', contacts: ['hans', 'muster'] },
];

export const DEMO_SHARES: ReadonlyArray<{ readonly contact: string; readonly with: DemoUserKey }> = [
  { contact: 'muster', with: 'anna' },
  { contact: 'bonvin', with: 'max' },
  { contact: 'bruegger', with: 'anna' },
];

const PERSON = /^(Herr|Frau|Monsieur|Madame)\s+(Dr\.\s+)?(\S+)\s+(.+)$/;

/** The spec as seed rows (same shapes as the bulk generator). */
export function demoContactSeed(spec: DemoContactSpec): ContactSeed {
  const person = PERSON.exec(spec.name);
  const city = SWISS_CITIES.find((c) => c.postalCode === spec.zip);
  const phones: PhoneRow[] = [];
  if (spec.phone) phones.push({ type: person && !spec.company ? 'home' : 'work', number: spec.phone });
  if (spec.mobile) phones.push({ type: 'mobile', number: spec.mobile });
  return {
    contact: {
      kind: person ? 'person' : 'company',
      salutation: person?.[1] ?? null, title: person?.[2]?.trim() ?? null,
      first_name: person?.[3] ?? null, last_name: person?.[4] ?? null,
      company: person ? (spec.company ?? null) : spec.name, department: null, position: spec.position ?? null,
      birthday: spec.birthday ?? null, notes: spec.notes ?? null, website: spec.web ?? null,
    },
    addresses: [{ type: person && !spec.company ? 'home' : 'work', street: spec.street, postal_code: spec.zip, city: spec.city,
      region: city?.canton ?? null, country: 'Schweiz' }],
    phones,
    emails: spec.email ? [{ type: person && !spec.company ? 'home' : 'work', address: spec.email }] : [],
  };
}
