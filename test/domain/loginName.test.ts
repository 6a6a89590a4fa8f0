import { expect } from 'chai';
import { InvalidLoginName, isValidLoginName, normalizeLoginName } from '../../src/domain/index.ts';

describe('login names', () => {
  const accepted: Array<[string, string]> = [
    ['max.muster', 'max.muster'],
    ['Max.Muster', 'max.muster'],
    ['  LISA.ADMIN  ', 'lisa.admin'],
    ['anna_beispiel-2', 'anna_beispiel-2'],
    ['peter@brokerstar.ch', 'peter@brokerstar.ch'],
    ['a', 'a'],
    ['x'.repeat(100), 'x'.repeat(100)],
  ];
  for (const [raw, login] of accepted) {
    it(`"${raw}" logs in as "${login}"`, () => expect(normalizeLoginName(raw)).to.equal(login));
  }

  const rejected: Array<[string, string]> = [
    ['', 'empty'],
    ['   ', 'blank'],
    ['.max', 'starts with a dot'],
    ['max muster', 'contains a space'],
    ['max/muster', 'contains a slash'],
    ['mäx', 'non-ASCII letter'],
    ['max%2F', 'percent sign (macOS cannot send it)'],
    ['x'.repeat(101), 'longer than 100 characters'],
  ];
  for (const [raw, why] of rejected) {
    it(`rejects "${raw.slice(0, 20)}" (${why})`, () => {
      expect(() => normalizeLoginName(raw)).to.throw(InvalidLoginName);
      expect(isValidLoginName(raw)).to.equal(false);
    });
  }
});
