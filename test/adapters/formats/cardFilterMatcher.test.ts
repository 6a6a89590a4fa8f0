import { expect } from 'chai';
import { vCardFilterMatcher } from '../../../src/adapters/formats/vcard/cardFilterMatcher.ts';
import type { CardFilter } from '../../../src/ports/index.ts';
import type { TextMatch } from '../../../src/domain/index.ts';

/** The AddressCardMatcher port's vCard implementation (RFC 6352 §10.5), as addressbook-query uses it. */
const CARD = ['BEGIN:VCARD', 'VERSION:3.0', 'UID:u1', 'N:M\u00fcller;Hans;;;', 'FN:Hans M\u00fcller', 'TEL;TYPE=WORK:+41 44 123 45 67',
  'NOTE:Sitzung\\, morgen', ' Zürich', 'END:VCARD', ''].join('\r\n');
const match = (text: string, matchType: TextMatch['matchType'] = 'contains', negate = false): TextMatch => ({ text, collation: 'i;unicode-casemap', matchType, negate });
const filter = (props: CardFilter['props'], test: CardFilter['test'] = 'anyof'): CardFilter => ({ test, props });
const prop = (name: string, extra: Partial<CardFilter['props'][number]> = {}) => ({ name, test: 'anyof' as const, isNotDefined: false, textMatches: [], params: [], ...extra });

describe('vCard filter matching behind the AddressCardMatcher port', () => {
  it('text-match on unfolded, unescaped values with Unicode case folding', () => {
    expect(vCardFilterMatcher.matches(CARD, filter([prop('FN', { textMatches: [match('MÜLLER')] })]))).to.equal(true);
    expect(vCardFilterMatcher.matches(CARD, filter([prop('NOTE', { textMatches: [match('sitzung, morgenZürich', 'equals')] })]))).to.equal(true);
    expect(vCardFilterMatcher.matches(CARD, filter([prop('FN', { textMatches: [match('Meier')] })]))).to.equal(false);
  });

  it('is-not-defined, param-filter and anyof/allof', () => {
    expect(vCardFilterMatcher.matches(CARD, filter([prop('EMAIL', { isNotDefined: true })]))).to.equal(true);
    const work = prop('TEL', { params: [{ name: 'TYPE', isNotDefined: false, textMatch: match('work', 'equals') }] });
    const home = prop('TEL', { params: [{ name: 'TYPE', isNotDefined: false, textMatch: match('home', 'equals') }] });
    expect(vCardFilterMatcher.matches(CARD, filter([work, home], 'anyof'))).to.equal(true);
    expect(vCardFilterMatcher.matches(CARD, filter([work, home], 'allof'))).to.equal(false);
    expect(vCardFilterMatcher.matches(CARD, filter([]))).to.equal(true);
  });
});
