import { expect } from 'chai';
import { EMPTY_CONTACT_FIELDS, type ContactFields } from '../../../src/domain/index.ts';
import { VCardCodec } from '../../../src/adapters/formats/vcard/index.ts';
import { contentLines, fixture } from './fixtures.ts';

const codec = new VCardCodec();

const HANS: ContactFields = {
  ...EMPTY_CONTACT_FIELDS,
  salutation: 'Herr',
  title: 'Dr.',
  firstName: 'Hans',
  lastName: 'Müller',
  company: 'Müller Treuhand AG',
  department: 'Buchhaltung',
  position: 'Geschäftsführer',
  birthday: '1968-04-23',
  notes: 'Zeile 1; mit Komma, und \\ Backslash\nZeile 2',
  website: 'https://www.mueller-treuhand.ch',
  addresses: [{ type: 'work', street: 'Bahnhofstrasse 12', postalCode: '8001', city: 'Zürich', region: 'ZH', country: 'Schweiz' }],
  phones: [
    { type: 'work', number: '+41 44 555 12 34' },
    { type: 'home', number: '+41 44 000 00 00' },
    { type: 'mobile', number: '+41 79 123 45 67' },
    { type: 'fax', number: '+41 44 555 12 35' },
    { type: 'other', number: '+41 44 555 12 99' },
  ],
  emails: [
    { type: 'work', address: 'hans.mueller@mueller-treuhand.ch' },
    { type: 'home', address: 'hans@example.ch' },
  ],
};

describe('VCardCodec.render', () => {
  it('writes vCard 3.0 by default with BrokerStar PRODID and owned properties', () => {
    const lines = contentLines(codec.render('uid-1', HANS, null));
    expect(lines).to.include.members([
      'VERSION:3.0',
      'PRODID:-//BrokerStar//BrokerStar DAV//DE',
      'UID:uid-1',
      'FN:Hans Müller',
      'N:Müller;Hans;;Dr.;',
      'X-BROKERSTAR-SALUTATION:Herr',
      'ORG:Müller Treuhand AG;Buchhaltung',
      'TITLE:Geschäftsführer',
      'BDAY:1968-04-23',
      'NOTE:Zeile 1\\; mit Komma\\, und \\\\ Backslash\\nZeile 2',
      'URL:https://www.mueller-treuhand.ch',
      'ADR;TYPE=WORK:;;Bahnhofstrasse 12;Zürich;ZH;8001;Schweiz',
      'TEL;TYPE=WORK,VOICE:+41 44 555 12 34',
      'TEL;TYPE=HOME,VOICE:+41 44 000 00 00',
      'TEL;TYPE=CELL,VOICE:+41 79 123 45 67',
      'TEL;TYPE=WORK,FAX:+41 44 555 12 35',
      'TEL;TYPE=VOICE:+41 44 555 12 99',
      'EMAIL;TYPE=INTERNET,WORK:hans.mueller@mueller-treuhand.ch',
      'EMAIL;TYPE=INTERNET,HOME:hans@example.ch',
    ]);
    expect(lines[0]).to.equal('BEGIN:VCARD');
    expect(lines[1]).to.equal('VERSION:3.0');
  });

  it('round-trips its own output through parse', () => {
    const parsed = codec.parse(codec.render('uid-1', HANS, null));
    expect(parsed.fields).to.deep.equal(HANS);
  });

  it('writes a company as X-ABShowAs:COMPANY with FN = company (3.0) and KIND:org (4.0)', () => {
    const company: ContactFields = { ...EMPTY_CONTACT_FIELDS, kind: 'company', company: 'Alpenblick Immobilien GmbH' };
    const v3 = contentLines(codec.render('c-1', company, null));
    expect(v3).to.include.members(['X-ABShowAs:COMPANY', 'FN:Alpenblick Immobilien GmbH', 'N:;;;;', 'ORG:Alpenblick Immobilien GmbH']);
    const v4 = contentLines(codec.render('c-1', company, fixture('davx5-contact-4.0.vcf')));
    expect(v4).to.include.members(['VERSION:4.0', 'KIND:org', 'FN:Alpenblick Immobilien GmbH']);
    expect(codec.parse(codec.render('c-1', company, null)).fields.kind).to.equal('company');
  });

  it('folds long lines at 75 octets without splitting UTF-8 sequences and unfolds them back', () => {
    const notes = 'Grüezi aus Zürich – Müller & Söhne ✓ '.repeat(12).trim();
    const text = codec.render('u', { ...HANS, notes }, null);
    for (const physical of text.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).to.be.at.most(75);
    expect(text).not.to.include('\uFFFD');
    expect(codec.parse(text).fields.notes).to.equal(notes);
  });

  it('keeps every iOS property BrokerStar does not own byte for byte, and unchanged owned lines too', () => {
    const previous = fixture('ios-contact-person.vcf');
    const parsed = codec.parse(previous);
    const changed = { ...parsed.fields, position: 'Verwaltungsrat', phones: parsed.fields.phones.slice(1) };
    const before = contentLines(previous);
    const after = contentLines(codec.render(parsed.uid, changed, previous));
    const extras = before.filter((l) => /^(PHOTO|CATEGORIES|IMPP|X-SOCIALPROFILE|REV|item4\.X-ABADR|item5\.|item6\.)/.test(l));
    expect(extras).to.have.length(10);
    expect(after).to.include.members(extras);
    // unchanged owned lines are not rewritten
    expect(after).to.include.members([
      'item1.EMAIL;type=INTERNET;type=WORK;type=pref:hans.mueller@mueller-treuhand.ch',
      'item4.ADR;type=WORK;type=pref:;;Bahnhofstrasse 12;Zürich;ZH;8001;Schweiz',
      'BDAY;value=date:1968-04-23',
      'item3.TEL:+41 44 555 12 99',
      'item3.X-ABLabel:Zentrale',
    ]);
    expect(after).to.include('TITLE:Verwaltungsrat');
    expect(after.filter((l) => l.includes('TEL'))).to.have.length(2);
    expect(after).not.to.include('item2.TEL;type=CELL;type=VOICE;type=pref:+41 79 123 45 67');
    expect(after[1]).to.equal('VERSION:3.0');
  });

  it('keeps the group (and so the X-ABLabel) of a changed grouped line', () => {
    const previous = fixture('ios-contact-person.vcf');
    const parsed = codec.parse(previous);
    const phones = parsed.fields.phones.map((p) => (p.type === 'other' ? { ...p, number: '+41 44 555 99 99' } : p));
    const after = contentLines(codec.render(parsed.uid, { ...parsed.fields, phones }, previous));
    expect(after).to.include('item3.TEL;TYPE=VOICE:+41 44 555 99 99');
    expect(after).to.include('item3.X-ABLabel:Zentrale');
  });

  it('drops the X-ABLabel of an owned line that went away, but no other grouped line', () => {
    const previous = fixture('ios-contact-person.vcf');
    const parsed = codec.parse(previous);
    const after = contentLines(codec.render(parsed.uid, { ...parsed.fields, website: null, phones: parsed.fields.phones.slice(0, 2) }, previous));
    expect(after.some((l) => l.startsWith('item5.'))).to.equal(false);
    expect(after.some((l) => l.startsWith('item3.'))).to.equal(false);
    expect(after).to.include('item6.X-ABLabel:_$!<Spouse>!$_');
  });

  it('renders an unchanged card back identically (no spurious ETag change)', () => {
    const names = ['ios-contact-person.vcf', 'ios-contact-company.vcf', 'davx5-contact-3.0.vcf', 'davx5-contact-4.0.vcf', 'thunderbird-contact-4.0.vcf', 'outlook-caldavsynchronizer-contact.vcf'];
    for (const name of names) {
      const previous = fixture(name);
      const parsed = codec.parse(previous);
      expect(contentLines(codec.render(parsed.uid, parsed.fields, previous)), name).to.deep.equal(contentLines(previous));
    }
  });

  it('keeps middle name and a "Herr Dr." prefix, and replaces PRODID once something changed', () => {
    const previous = fixture('ios-contact-person.vcf');
    const parsed = codec.parse(previous);
    const after = contentLines(codec.render(parsed.uid, { ...parsed.fields, lastName: 'Müller-Meier' }, previous));
    expect(after).to.include('N:Müller-Meier;Hans;Peter;Herr Dr.;');
    expect(after).to.include('PRODID:-//BrokerStar//BrokerStar DAV//DE');
    expect(after.some((l) => l.startsWith('X-BROKERSTAR-SALUTATION'))).to.equal(false);
    const retitled = contentLines(codec.render(parsed.uid, { ...parsed.fields, title: 'Prof.', salutation: 'Frau' }, previous));
    expect(retitled).to.include.members(['N:Müller;Hans;Peter;Prof.;', 'X-BROKERSTAR-SALUTATION:Frau']);
  });

  it('keeps version 4.0 of a Thunderbird card and writes 4.0 TYPE values', () => {
    const previous = fixture('thunderbird-contact-4.0.vcf');
    const parsed = codec.parse(previous);
    const phones = [...parsed.fields.phones, { type: 'home' as const, number: '+41 22 000 00 00' }];
    const after = contentLines(codec.render(parsed.uid, { ...parsed.fields, phones }, previous));
    expect(after[1]).to.equal('VERSION:4.0');
    expect(after).to.include('TEL;TYPE=home,voice:+41 22 000 00 00');
    expect(after).to.include('EMAIL;PREF=1:claire.dubois@example.fr');
    expect(after.some((l) => l.startsWith('KIND'))).to.equal(false);
  });
});
