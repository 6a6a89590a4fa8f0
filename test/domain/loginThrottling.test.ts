import { expect } from 'chai';
import { afterFailure, beforeVerifying, DEFAULT_THROTTLE_POLICY as P, type FailureCounts } from '../../src/domain/index.ts';

const counts = (loginFromAddress: number, login = loginFromAddress, address = loginFromAddress): FailureCounts => ({
  loginFromAddress: { count: loginFromAddress, resetsInMs: 60_000 },
  login: { count: login, resetsInMs: 120_000 },
  address: { count: address, resetsInMs: 180_000 },
});

describe('login throttling policy', () => {
  it('checks the password unless this login failed too often from this address', () => {
    expect(beforeVerifying(counts(0))).to.deep.equal({ kind: 'verify' });
    expect(beforeVerifying(counts(P.loginFromAddress.limit - 1))).to.deep.equal({ kind: 'verify' });
    expect(beforeVerifying(counts(P.loginFromAddress.limit))).to.deep.equal({ kind: 'throttled', retryAfterMs: 60_000, reason: 'login-from-address' });
  });

  it('never stops a password check because of failures elsewhere (the broker\'s phones, the office address)', () => {
    expect(beforeVerifying(counts(0, 10_000, 0))).to.deep.equal({ kind: 'verify' });
    expect(beforeVerifying(counts(0, 0, 10_000))).to.deep.equal({ kind: 'verify' });
  });

  const table: Array<[string, FailureCounts, ReturnType<typeof afterFailure>]> = [
    ['a typo answers at once', counts(1), { kind: 'refuse', delayMs: 0 }],
    ['the free failures answer at once', counts(P.freeFailures), { kind: 'refuse', delayMs: 0 }],
    ['then the delay starts', counts(P.freeFailures + 1), { kind: 'refuse', delayMs: P.firstDelayMs }],
    ['and doubles', counts(P.freeFailures + 2), { kind: 'refuse', delayMs: 2 * P.firstDelayMs }],
    ['up to its maximum', counts(P.loginFromAddress.limit - 1), { kind: 'refuse', delayMs: Math.min(P.maxDelayMs, P.firstDelayMs * 2 ** (P.loginFromAddress.limit - 2 - P.freeFailures)) }],
    ['the full login+address counter answers 429', counts(P.loginFromAddress.limit), { kind: 'throttled', retryAfterMs: 60_000, reason: 'login-from-address' }],
    ['a login attacked from many addresses answers 429 to failures', counts(1, P.login.limit, 1), { kind: 'throttled', retryAfterMs: 120_000, reason: 'login' }],
    ['an address trying many logins answers 429 to failures', counts(1, 1, P.address.limit), { kind: 'throttled', retryAfterMs: 180_000, reason: 'address' }],
  ];
  for (const [title, c, expected] of table) {
    it(`after a failure: ${title}`, () => expect(afterFailure(c)).to.deep.equal(expected));
  }
});
