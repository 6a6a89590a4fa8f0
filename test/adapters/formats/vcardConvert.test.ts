import { expect } from 'chai';
import { VCardCodec } from '../../../src/adapters/formats/vcard/index.ts';
import { contentLines, fixture } from './fixtures.ts';

const codec = new VCardCodec();

describe('VCardCodec.convert (3.0 ↔ 4.0)', () => {
  it('converts an iOS 3.0 card to 4.0 keeping unknown properties and groups', () => {
    const before = contentLines(fixture('ios-contact-person.vcf'));
    const after = contentLines(codec.convert(fixture('ios-contact-person.vcf'), '4.0'));
    expect(after[1]).to.equal('VERSION:4.0');
    expect(after).to.include.members([
      'item1.EMAIL;TYPE=work;PREF=1:hans.mueller@mueller-treuhand.ch',
      'item2.TEL;TYPE=cell,voice;PREF=1:+41 79 123 45 67',
      'BDAY:19680423',
      'item3.X-ABLabel:Zentrale',
      'CATEGORIES:Kunden,VIP',
    ]);
    const photo = after.find((l) => l.startsWith('PHOTO'))!;
    expect(photo).to.match(/^PHOTO:data:image\/jpeg;base64,AAECAwQF/);
    expect(after).to.include.members(before.filter((l) => /^(X-SOCIALPROFILE|item6\.|REV|NOTE|N:|FN:)/.test(l)));
  });

  it('maps X-ABShowAs:COMPANY to KIND:org and Apple groups to KIND:group/MEMBER', () => {
    expect(contentLines(codec.convert(fixture('ios-contact-company.vcf'), '4.0'))).to.include('KIND:org');
    const group = contentLines(codec.convert(fixture('ios-group.vcf'), '4.0'));
    expect(group).to.include.members(['KIND:group', 'MEMBER:urn:uuid:8D3F4C2A-1B2C-4D5E-9F01-23456789ABCD']);
  });

  it('converts 4.0 to 3.0: KIND:org, PREF, tel: URIs, year-less birthdays, data: photos', () => {
    const text = [
      'BEGIN:VCARD', 'VERSION:4.0', 'UID:x', 'FN:Rossi AG', 'KIND:org', 'TEL;VALUE=uri;TYPE=work;PREF=1:tel:+41-91-444-55-66',
      'EMAIL;TYPE=work:info@rossi.ch', 'BDAY:--0512', 'PHOTO:data:image/png;base64,iVBORw0KGgo=', 'X-CUSTOM;FOO=bar:baz', 'END:VCARD',
    ].join('\r\n');
    const after = contentLines(codec.convert(text, '3.0'));
    expect(after).to.include.members([
      'VERSION:3.0', 'X-ABShowAs:COMPANY', 'N:;;;;', 'TEL;TYPE=WORK,PREF:+41-91-444-55-66', 'EMAIL;TYPE=INTERNET,WORK:info@rossi.ch',
      'BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-12', 'PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgo=', 'X-CUSTOM;FOO=bar:baz',
    ]);
    expect(codec.parse(codec.convert(text, '3.0')).fields).to.include({ kind: 'company', company: 'Rossi AG', birthday: '1604-05-12' });
  });

  it('round-trips Thunderbird 4.0 → 3.0 → 4.0 without losing CRM fields', () => {
    const original = fixture('thunderbird-contact-4.0.vcf');
    const back = codec.convert(codec.convert(original, '3.0'), '4.0');
    expect(codec.parse(back).fields).to.deep.equal(codec.parse(original).fields);
    expect(codec.parse(codec.convert(original, '3.0')).version).to.equal('3.0');
  });

  it('returns a card already in the target version unchanged (as content lines)', () => {
    const text = fixture('davx5-contact-3.0.vcf');
    expect(contentLines(codec.convert(text, '3.0'))).to.deep.equal(contentLines(text));
  });
});
