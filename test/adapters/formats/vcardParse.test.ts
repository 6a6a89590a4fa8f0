import { expect } from 'chai';
import { InvalidObjectData } from '../../../src/domain/index.ts';
import { VCardCodec, isGroupCard } from '../../../src/adapters/formats/vcard/index.ts';
import { fixture } from './fixtures.ts';

const codec = new VCardCodec();

describe('VCardCodec.parse', () => {
  it('reads an iOS 3.0 person card with item groups, salutation in the prefix and escaped text', () => {
    const parsed = codec.parse(fixture('ios-contact-person.vcf'));
    expect(parsed.uid).to.equal('8D3F4C2A-1B2C-4D5E-9F01-23456789ABCD');
    expect(parsed.version).to.equal('3.0');
    const f = parsed.fields;
    expect(f).to.include({ kind: 'person', salutation: 'Herr', title: 'Dr.', firstName: 'Hans', lastName: 'Müller' });
    expect(f).to.include({ company: 'Müller Treuhand AG', department: 'Buchhaltung', position: 'Geschäftsführer' });
    expect(f.birthday).to.equal('1968-04-23');
    expect(f.website).to.equal('https://www.mueller-treuhand.ch');
    expect(f.notes).to.equal('Kunde seit 2010, bevorzugt Termine am Vormittag; Ansprechpartner für Mandate.\nZweite Zeile');
    expect(f.emails).to.deep.equal([
      { type: 'work', address: 'hans.mueller@mueller-treuhand.ch' },
      { type: 'home', address: 'hans@example.ch' },
    ]);
    expect(f.phones).to.deep.equal([
      { type: 'mobile', number: '+41 79 123 45 67' },
      { type: 'work', number: '+41 44 555 12 34' },
      { type: 'other', number: '+41 44 555 12 99' },
    ]);
    expect(f.addresses).to.deep.equal([
      { type: 'work', street: 'Bahnhofstrasse 12', postalCode: '8001', city: 'Zürich', region: 'ZH', country: 'Schweiz' },
    ]);
  });

  it('recognises an Apple company card (X-ABShowAs:COMPANY) with an empty N', () => {
    const { fields } = codec.parse(fixture('ios-contact-company.vcf'));
    expect(fields).to.include({ kind: 'company', company: 'Alpenblick Immobilien GmbH', firstName: null, lastName: null });
    expect(fields.phones).to.deep.equal([{ type: 'other', number: '+41 31 999 00 00' }]);
  });

  it('reads DAVx5 3.0 with lower-case and quoted-list TYPE parameters', () => {
    const parsed = codec.parse(fixture('davx5-contact-3.0.vcf'));
    expect(parsed.uid).to.equal('urn:uuid:3b8c6a2e-5d7f-4c1a-9e2b-0f4d6c8a1b3e');
    expect(parsed.fields.phones).to.deep.equal([
      { type: 'mobile', number: '+41 78 765 43 21' },
      { type: 'work', number: '+41 61 222 33 44' },
    ]);
    expect(parsed.fields.addresses[0]).to.include({ type: 'home', city: 'Basel' });
  });

  it('reads DAVx5 4.0 with PREF, tel: URIs and a birthday without year', () => {
    const parsed = codec.parse(fixture('davx5-contact-4.0.vcf'));
    expect(parsed.version).to.equal('4.0');
    expect(parsed.fields.phones).to.deep.equal([
      { type: 'mobile', number: '+41 76 111 22 33' },
      { type: 'work', number: '+41-91-444-55-66' },
    ]);
    expect(parsed.fields.birthday).to.equal('1604-05-12');
  });

  it('reads Thunderbird 4.0 (LF line ends, TYPE=work, PREF=1 first)', () => {
    const parsed = codec.parse(fixture('thunderbird-contact-4.0.vcf'));
    expect(parsed.version).to.equal('4.0');
    expect(parsed.fields.emails).to.deep.equal([
      { type: 'other', address: 'claire.dubois@example.fr' },
      { type: 'work', address: 'c.dubois@firma.ch' },
    ]);
    expect(parsed.fields).to.include({ company: 'Dubois Conseil SA', position: 'Associée', website: 'https://dubois-conseil.ch' });
    expect(parsed.fields.addresses[0]).to.include({ city: 'Genève', country: 'Suisse', type: 'work' });
  });

  it('reads the Outlook CalDav Synchronizer 3.0 card (title in prefix, FAX, PREF e-mail)', () => {
    const { fields } = codec.parse(fixture('outlook-caldavsynchronizer-contact.vcf'));
    expect(fields).to.include({ title: 'Dr.', salutation: null, firstName: 'Thomas', lastName: 'Meier', birthday: '1975-11-02' });
    expect(fields.phones.map((p) => p.type)).to.deep.equal(['work', 'mobile', 'fax']);
    expect(fields.emails).to.deep.equal([{ type: 'other', address: 'thomas.meier@meier-vers.ch' }]);
  });

  it('reads vCard 2.1 bare parameters leniently', () => {
    const text = 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Huber;Eva\r\nTEL;WORK;VOICE:+41 1 234\r\nUID:x-21\r\nEND:VCARD\r\n';
    const parsed = codec.parse(text);
    expect(parsed.version).to.equal('3.0');
    expect(parsed.fields.phones).to.deep.equal([{ type: 'work', number: '+41 1 234' }]);
  });

  const invalid: [string, string][] = [
    ['not a vCard', 'hello world'],
    ['an iCalendar', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'],
    ['no UID', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nN:A;;;;\r\nEND:VCARD\r\n'],
    ['two cards', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nUID:1\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\nUID:2\r\nEND:VCARD\r\n'],
    ['no FN or N', 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:1\r\nEMAIL:a@b.ch\r\nEND:VCARD\r\n'],
    ['a missing END', 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:1\r\nFN:A\r\n'],
  ];
  for (const [what, text] of invalid) {
    it(`rejects ${what} with InvalidObjectData(contact)`, () => {
      expect(() => codec.parse(text)).to.throw(InvalidObjectData).with.property('kind', 'contact');
    });
  }

  it('recognises Apple and 4.0 group cards', () => {
    expect(isGroupCard(fixture('ios-group.vcf'))).to.equal(true);
    expect(isGroupCard('BEGIN:VCARD\nVERSION:4.0\nKIND:group\nFN:G\nUID:g\nEND:VCARD\n')).to.equal(true);
    expect(isGroupCard(fixture('ios-contact-person.vcf'))).to.equal(false);
    expect(isGroupCard('garbage')).to.equal(false);
  });
});
