import { expect } from 'chai';
import {
  addressLine, contextBlockLines, contextForReaders, contextLocation, DEFAULT_CONTEXT_SETTINGS, recordUrl, withContextBlock, withoutContextBlock,
  type ContactFields,
} from '../../src/domain/index.ts';

const HANS: ContactFields = {
  kind: 'person', salutation: 'Herr', title: null, firstName: 'Hans', lastName: 'Müller', company: null, department: null, position: null,
  birthday: null, notes: 'Kunde seit 2012.', website: null,
  addresses: [{ type: 'home', street: 'Seestrasse 45', postalCode: '8810', city: 'Horgen', region: null, country: 'Schweiz' }],
  phones: [{ type: 'mobile', number: '+41 79 312 45 67' }, { type: 'work', number: '044 725 12 34' }],
  emails: [{ type: 'home', address: 'hans.mueller@bluewin.ch' }],
};
const visible = contextForReaders(7, HANS, [1, 2], new Set([1, 2]));

describe('Customer context (issue 13)', () => {
  it('the block names the customer, phones, e-mails and the record link', () => {
    expect(contextBlockLines(visible, DEFAULT_CONTEXT_SETTINGS)).to.deep.equal([
      '[BrokerStar]', 'Kunde: Hans Müller', 'Mobile: +41 79 312 45 67', 'Tel.: 044 725 12 34', 'E-Mail: hans.mueller@bluewin.ch',
      'BrokerStar: https://public.brokerstar.biz/contacts/7', '[/BrokerStar]',
    ]);
  });

  it('shows nothing of the contact unless every reader may see it', () => {
    const hidden = contextForReaders(7, HANS, [1, 2], new Set([1]));
    expect(hidden).to.deep.equal({ kind: 'hidden' });
    expect(contextBlockLines(hidden, DEFAULT_CONTEXT_SETTINGS)).to.deep.equal(['[BrokerStar]', 'Kunde: (nicht sichtbar)', '[/BrokerStar]']);
    expect(contextLocation(hidden)).to.equal(null);
    expect(contextForReaders(7, null, [1], new Set([1]))).to.deep.equal({ kind: 'hidden' });
  });

  it('round trip: the note comes back exactly, whatever line endings the client used, and copies of the block go too', () => {
    const note = 'Unterlagen mitnehmen.\nZweite Zeile.';
    const served = withContextBlock(note, visible, DEFAULT_CONTEXT_SETTINGS);
    expect(withoutContextBlock(served)).to.equal(note);
    expect(withoutContextBlock(served.replace(/\n/g, '\r\n'))).to.equal('Unterlagen mitnehmen.\r\nZweite Zeile.');
    const block = contextBlockLines(visible, DEFAULT_CONTEXT_SETTINGS).join('\n');
    expect(withoutContextBlock(`${block}\n\n${block}\n\n${note}`)).to.equal(note);
    expect(withoutContextBlock(withContextBlock(null, visible, DEFAULT_CONTEXT_SETTINGS))).to.equal(null);
    // Serving again never nests the block.
    expect(withContextBlock(served, visible, DEFAULT_CONTEXT_SETTINGS)).to.equal(served);
  });

  it('an unterminated block is left as the user\'s text', () => {
    expect(withoutContextBlock('[BrokerStar]\nKunde: X')).to.equal('[BrokerStar]\nKunde: X');
    expect(withoutContextBlock('ohne Block')).to.equal('ohne Block');
    // A hostile description of many start markers (one pass; a backtracking search would not finish).
    const hostile = '[BrokerStar]\n'.repeat(200_000);
    expect(withoutContextBlock(hostile)).to.equal(hostile);
    expect(withoutContextBlock(`${hostile}[/BrokerStar]\nRest`)).to.equal('Rest');
  });

  it('record URLs: relative patterns against the web address, absolute ones as given, the id encoded', () => {
    const s = { ...DEFAULT_CONTEXT_SETTINGS, webUrl: 'https://crm.example.ch/bs/' };
    expect(recordUrl(s, '/contacts/{id}', 5)).to.equal('https://crm.example.ch/bs/contacts/5');
    expect(recordUrl(s, 'https://other.example.ch/k?id={id}', 5)).to.equal('https://other.example.ch/k?id=5');
  });

  it('LOCATION: the first address on one line, the home country left out', () => {
    expect(contextLocation(visible)).to.equal('Seestrasse 45, 8810 Horgen');
    expect(addressLine({ type: 'work', street: 'Rue 1', postalCode: '75001', city: 'Paris', region: null, country: 'Frankreich' })).to.equal('Rue 1, 75001 Paris, Frankreich');
    expect(addressLine(undefined)).to.equal(null);
  });
});
