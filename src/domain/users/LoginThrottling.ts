/**
 * When failed logins slow down or stop further attempts. Pure: the counts come from storage shared
 * by every server instance, the decisions are applied by the authenticator.
 *
 * Three counters, each over its own window:
 * - `loginFromAddress` (login + client address): the only one that ever stops a password from being
 *   checked. A device with an old password, or someone guessing, is stopped for that login from that
 *   address; the broker's own devices elsewhere, and colleagues behind the same office address, are not.
 * - `login` (from any address) and `address` (any login): many failures make further FAILURES answer
 *   429 instead of 401 (so guessing gets nothing to learn from), but a correct password still works:
 *   a stolen login under attack must not lock out the broker's phones, and one phone with an old
 *   password must not lock out the office's shared address.
 * Failures before a block are answered increasingly late (guessing gets slow, a typo does not).
 */
export interface FailureWindow {
  readonly limit: number;
  readonly windowMs: number;
}

export interface ThrottlePolicy {
  readonly loginFromAddress: FailureWindow;
  readonly login: FailureWindow;
  readonly address: FailureWindow;
  /** Failures of one login from one address answered without delay. */
  readonly freeFailures: number;
  /** Delay of the first delayed failure; doubles with every further one, up to `maxDelayMs`. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  loginFromAddress: { limit: 10, windowMs: 15 * 60_000 },
  login: { limit: 50, windowMs: 60 * 60_000 },
  address: { limit: 100, windowMs: 60 * 60_000 },
  freeFailures: 3,
  firstDelayMs: 250,
  maxDelayMs: 4_000,
};

/** One counter as stored: failures in the current window and when the window ends. */
export interface FailureCount {
  readonly count: number;
  readonly resetsInMs: number;
}

export interface FailureCounts {
  readonly loginFromAddress: FailureCount;
  readonly login: FailureCount;
  readonly address: FailureCount;
}

export type BeforeVerifying =
  | { readonly kind: 'verify' }
  | { readonly kind: 'throttled'; readonly retryAfterMs: number; readonly reason: 'login-from-address' };

export type AfterFailure =
  | { readonly kind: 'refuse'; readonly delayMs: number }
  | { readonly kind: 'throttled'; readonly retryAfterMs: number; readonly reason: 'login-from-address' | 'login' | 'address' };

/** Before the password is checked: stopped only when this login failed too often from this address. */
export function beforeVerifying(counts: FailureCounts, policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): BeforeVerifying {
  if (counts.loginFromAddress.count >= policy.loginFromAddress.limit) {
    return { kind: 'throttled', retryAfterMs: counts.loginFromAddress.resetsInMs, reason: 'login-from-address' };
  }
  return { kind: 'verify' };
}

/** After a failure was counted (`counts` include it): a 401, possibly late, or a 429. */
export function afterFailure(counts: FailureCounts, policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): AfterFailure {
  for (const reason of ['loginFromAddress', 'login', 'address'] as const) {
    if (counts[reason].count >= policy[reason].limit) {
      return { kind: 'throttled', retryAfterMs: counts[reason].resetsInMs, reason: reason === 'loginFromAddress' ? 'login-from-address' : reason };
    }
  }
  const beyond = counts.loginFromAddress.count - policy.freeFailures;
  return { kind: 'refuse', delayMs: beyond <= 0 ? 0 : Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (beyond - 1)) };
}
