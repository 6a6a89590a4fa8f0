/** Word lists for realistic Swiss seed data (names with umlauts, real postal codes and area codes). */

export interface SwissCity {
  readonly postalCode: string;
  readonly city: string;
  /** Canton abbreviation, stored as the address region. */
  readonly canton: string;
  /** Fixed-network area code without the leading 0, e.g. "44". */
  readonly areaCode: string;
  readonly language: 'de' | 'fr' | 'it';
  /** Relative population weight, so Zürich appears more often than Wil. */
  readonly weight: number;
}

export const SWISS_CITIES: readonly SwissCity[] = [
  { postalCode: '8001', city: 'Zürich', canton: 'ZH', areaCode: '44', language: 'de', weight: 12 },
  { postalCode: '8005', city: 'Zürich', canton: 'ZH', areaCode: '44', language: 'de', weight: 6 },
  { postalCode: '3011', city: 'Bern', canton: 'BE', areaCode: '31', language: 'de', weight: 7 },
  { postalCode: '4051', city: 'Basel', canton: 'BS', areaCode: '61', language: 'de', weight: 7 },
  { postalCode: '6003', city: 'Luzern', canton: 'LU', areaCode: '41', language: 'de', weight: 5 },
  { postalCode: '9000', city: 'St. Gallen', canton: 'SG', areaCode: '71', language: 'de', weight: 4 },
  { postalCode: '1003', city: 'Lausanne', canton: 'VD', areaCode: '21', language: 'fr', weight: 5 },
  { postalCode: '1201', city: 'Genève', canton: 'GE', areaCode: '22', language: 'fr', weight: 6 },
  { postalCode: '8400', city: 'Winterthur', canton: 'ZH', areaCode: '52', language: 'de', weight: 4 },
  { postalCode: '6900', city: 'Lugano', canton: 'TI', areaCode: '91', language: 'it', weight: 3 },
  { postalCode: '2502', city: 'Biel/Bienne', canton: 'BE', areaCode: '32', language: 'de', weight: 2 },
  { postalCode: '3600', city: 'Thun', canton: 'BE', areaCode: '33', language: 'de', weight: 2 },
  { postalCode: '6300', city: 'Zug', canton: 'ZG', areaCode: '41', language: 'de', weight: 2 },
  { postalCode: '7000', city: 'Chur', canton: 'GR', areaCode: '81', language: 'de', weight: 2 },
  { postalCode: '1700', city: 'Fribourg', canton: 'FR', areaCode: '26', language: 'fr', weight: 2 },
  { postalCode: '8200', city: 'Schaffhausen', canton: 'SH', areaCode: '52', language: 'de', weight: 1 },
  { postalCode: '5000', city: 'Aarau', canton: 'AG', areaCode: '62', language: 'de', weight: 2 },
  { postalCode: '5400', city: 'Baden', canton: 'AG', areaCode: '56', language: 'de', weight: 2 },
  { postalCode: '4600', city: 'Olten', canton: 'SO', areaCode: '62', language: 'de', weight: 1 },
  { postalCode: '4500', city: 'Solothurn', canton: 'SO', areaCode: '32', language: 'de', weight: 1 },
  { postalCode: '2000', city: 'Neuchâtel', canton: 'NE', areaCode: '32', language: 'fr', weight: 1 },
  { postalCode: '1950', city: 'Sion', canton: 'VS', areaCode: '27', language: 'fr', weight: 1 },
  { postalCode: '8500', city: 'Frauenfeld', canton: 'TG', areaCode: '52', language: 'de', weight: 1 },
  { postalCode: '8610', city: 'Uster', canton: 'ZH', areaCode: '44', language: 'de', weight: 1 },
  { postalCode: '9500', city: 'Wil', canton: 'SG', areaCode: '71', language: 'de', weight: 1 },
  { postalCode: '8810', city: 'Horgen', canton: 'ZH', areaCode: '44', language: 'de', weight: 1 },
];

export const STREETS: Record<SwissCity['language'], readonly string[]> = {
  de: ['Bahnhofstrasse', 'Hauptstrasse', 'Dorfstrasse', 'Seestrasse', 'Kirchweg', 'Schulhausstrasse', 'Bergstrasse',
    'Gartenstrasse', 'Rosenweg', 'Lindenstrasse', 'Industriestrasse', 'Poststrasse', 'Mühlebachstrasse',
    'Zürcherstrasse', 'Bärenplatz', 'Löwenstrasse', 'Sonnenbergstrasse', 'Feldweg', 'Tösstalstrasse', 'Marktgasse'],
  fr: ['Rue du Lac', 'Rue de la Gare', 'Avenue de la Gare', 'Chemin des Vignes', 'Rue du Marché', 'Avenue de Rhodanie',
    'Rue de Genève', 'Boulevard Carl-Vogt', 'Chemin du Château', 'Place de la Palud'],
  it: ['Via San Gottardo', 'Via Nassa', 'Corso Elvezia', 'Via Cantonale', 'Via Pretorio', 'Riva Paradiso'],
};

export const MALE_FIRST_NAMES = ['Hans', 'Peter', 'Thomas', 'Daniel', 'Martin', 'Andreas', 'Marco', 'Stefan', 'Jürg',
  'Beat', 'Urs', 'Reto', 'Lukas', 'Matthias', 'Simon', 'Michael', 'René', 'François', 'Luca', 'Noah', 'Jörg', 'Rolf',
  'Fabian', 'Kevin', 'Yannick', 'Pascal', 'Dominik', 'Sämi', 'Adrian', 'Christoph'] as const;

export const FEMALE_FIRST_NAMES = ['Anna', 'Maria', 'Ursula', 'Sandra', 'Monika', 'Barbara', 'Nicole', 'Daniela',
  'Käthi', 'Ruth', 'Verena', 'Brigitte', 'Sarah', 'Laura', 'Léa', 'Chloé', 'Giulia', 'Franziska', 'Regula', 'Doris',
  'Andrea', 'Claudia', 'Corinne', 'Jasmin', 'Selina', 'Mélanie', 'Esther', 'Priska', 'Bettina', 'Myriam'] as const;

export const LAST_NAMES = ['Müller', 'Meier', 'Schmid', 'Keller', 'Weber', 'Huber', 'Schneider', 'Meyer', 'Steiner',
  'Fischer', 'Gerber', 'Brunner', 'Baumann', 'Frei', 'Zimmermann', 'Moser', 'Widmer', 'Wyss', 'Graf', 'Roth',
  'Brügger', 'Bärtschi', 'Flückiger', 'Schär', 'Zürcher', 'Gränicher', 'Hösli', 'Lüthi', 'Stöckli', 'Kälin',
  'Bühler', 'Märki', 'Suter', 'Bachmann', 'Favre', 'Rochat', 'Bonvin', 'Rossi', 'Bernasconi', 'Aebischer'] as const;

export const COMPANY_PATTERNS = ['{last} AG', '{last} & Partner GmbH', '{last} Treuhand AG', 'Garage {last} AG',
  'Schreinerei {last} GmbH', 'Bäckerei {last}', '{city} Immobilien AG', '{last} Architekten AG',
  'Elektro {last} GmbH', 'Praxis Dr. {last}'] as const;

/** A few fixed names every broker has in the CRM. */
export const WELL_KNOWN_COMPANIES = ['Muster AG', 'Helvetia Treuhand GmbH', 'Alpenblick Hotel AG',
  'Zürcher Velo GmbH', 'Rhein Logistik AG', 'Léman Conseil SA', 'Ticino Costruzioni SA'] as const;

export const DEPARTMENTS = ['Geschäftsleitung', 'Buchhaltung', 'Personal', 'Einkauf', 'Verkauf', 'Administration'] as const;
export const POSITIONS = ['Geschäftsführer', 'Inhaberin', 'Leiter Finanzen', 'Sachbearbeiterin', 'Prokurist',
  'HR-Verantwortliche', 'Verwaltungsratspräsident'] as const;

export const PRIVATE_MAIL_DOMAINS = ['bluewin.ch', 'gmx.ch', 'gmail.com', 'sunrise.ch', 'hispeed.ch', 'swissonline.ch'] as const;

export const CONTACT_NOTES = [
  'Kunde seit 2015, Hausrat- und Privathaftpflicht.',
  'Interessiert an der 3. Säule (Säule 3a), Offerte nachfassen.',
  'Bevorzugt Kontakt per E-Mail, nicht vor 10 Uhr anrufen.',
  'Krankenkassenwechsel per 1.1. besprochen.',
  'Motorfahrzeugversicherung läuft Ende Jahr aus.',
  'Empfehlung von Familie Keller.',
  'Geschäftskunde: BVG-Lösung und Betriebshaftpflicht.',
  'Hat Schadenfall (Wasserschaden) gemeldet, Gutachten ausstehend.',
  'Spricht Französisch und Deutsch.',
  'Jahresgespräch jeweils im Frühling.',
] as const;

export const EVENT_TITLES = ['Beratungsgespräch Vorsorge', 'Jahresgespräch Versicherungen', 'Schadenbesprechung',
  'Offertbesprechung Motorfahrzeug', 'Policen-Review', 'Telefonkonferenz Helvetia', 'Kundentermin {last}',
  'Mittagessen mit {first} {last}', 'Besprechung BVG-Lösung', 'Unterzeichnung Mandat {last}',
  'Hausratversicherung {last}', 'Krankenkassenberatung {first} {last}'] as const;

export const RECURRING_TITLES = ['Teamsitzung', 'Wochenplanung', 'Pikettdienst', 'Monatsabschluss Provisionen'] as const;
export const ALL_DAY_TITLES = ['Ferien', 'Weiterbildung FINMA', 'Messe Swissbau', 'Brückentag', 'Kurs Cicero-Credits',
  'Betriebsausflug'] as const;

export const TASK_TITLES = ['Offerte erstellen für {last}', 'Police nachfassen ({last})', 'Unterlagen Schadenfall einholen',
  'Rückruf {first} {last}', 'Mandat unterzeichnen lassen', 'Kündigung prüfen ({last})', 'Jahresabschluss vorbereiten',
  'Antrag Lebensversicherung einreichen', 'Vergleich Krankenkassen senden', 'Adressänderung erfassen'] as const;
