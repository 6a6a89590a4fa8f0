import { expect } from 'chai';
import fc from 'fast-check';
import { appPasswordLabel, appPasswordLookup, formatAppPassword, InvalidAppPasswordLabel, normaliseAppPassword } from '../../src/domain/index.ts';

describe('app password format', () => {
  it('formats 24 alphabet indexes as six groups; the lookup part is the first two groups, case-insensitive', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 24, maxLength: 24 }), (indexes) => {
      const password = formatAppPassword(indexes);
      expect(password).to.match(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){5}$/);
      expect(appPasswordLookup(password)).to.equal(password.slice(0, 9));
      expect(appPasswordLookup(` ${password.toLowerCase()} `)).to.equal(password.slice(0, 9));
      expect(normaliseAppPassword(password.toLowerCase())).to.equal(password);
    }));
  });

  it('ordinary passwords have no lookup part (they are compared with the BrokerStar hash only)', () => {
    for (const p of ['demo', 'Sommer2026!', 'AAAA-BBBB-CCCC-DDDD-EEEE', 'AAAA-BBBB-CCCC-DDDD-EEEE-FFF1', '']) expect(appPasswordLookup(p), p).to.equal(null);
  });

  it('labels: trimmed, spaces collapsed, 1–60 characters, no control characters', () => {
    expect(appPasswordLabel('  iPhone   Max ')).to.equal('iPhone Max');
    for (const bad of ['', '   ', 'x'.repeat(61), 'a\u0000b', 'bell\u0007here']) {
      expect(() => appPasswordLabel(bad), JSON.stringify(bad)).to.throw(InvalidAppPasswordLabel);
    }
  });
});
