import { expect } from 'chai';
import { effectiveWrites, propertiesBeyondLimits } from '../../src/adapters/http/dav/propfind/deadPropertyLimits.ts';

/** The pure PROPPATCH decisions behind RFC 4918 §9.2 with bounded client properties. */
const LIMITS = { maxDeadProperties: 3, maxDeadPropertyBytes: 10, maxDeadPropertiesTotalBytes: 20 };
const current = { '{urn:x}a': '1234567890', '{urn:x}b': '12345' };

describe('client property limits and effective PROPPATCH writes', () => {
  it('a value over the per-property size is the only one refused', () => {
    expect([...propertiesBeyondLimits(current, [{ name: '{urn:x}c', value: 'x'.repeat(11) }, { name: '{urn:x}d', value: '' }], LIMITS)]).to.deep.equal(['{urn:x}c']);
  });

  it('too many properties or bytes refuse every set of the request; removing first makes room', () => {
    const sets = [{ name: '{urn:x}c', value: '1' }, { name: '{urn:x}d', value: '2' }] as const;
    expect([...propertiesBeyondLimits(current, sets, LIMITS)]).to.deep.equal(['{urn:x}c', '{urn:x}d']);
    expect(propertiesBeyondLimits(current, [{ name: '{urn:x}a', value: null }, ...sets], LIMITS).size).to.equal(0);
    expect([...propertiesBeyondLimits(current, [{ name: '{urn:x}c', value: '123456' }], LIMITS)]).to.deep.equal(['{urn:x}c']);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(propertiesBeyondLimits({}, [{ name: '{urn:x}u', value: 'ü'.repeat(6) }], LIMITS).size).to.equal(1);
  });

  it('100 000 repeated removals of an absent property cost no write; the last update of a name wins', () => {
    const repeated = Array.from({ length: 100_000 }, () => ({ name: '{urn:x}gone' as const, value: null }));
    expect(effectiveWrites(current, repeated)).to.deep.equal([]);
    expect(effectiveWrites(current, [{ name: '{urn:x}b', value: 'new' }, { name: '{urn:x}a', value: null }, { name: '{urn:x}b', value: '12345' }, { name: '{urn:x}c', value: '1' }]))
      .to.deep.equal([{ name: '{urn:x}a', value: null }, { name: '{urn:x}c', value: '1' }]);
  });
});
