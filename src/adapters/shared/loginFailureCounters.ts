import { createHash } from 'node:crypto';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { FailureCount, FailureCounts, FailureWindow, ThrottlePolicy } from '../../domain/index.ts';
import type { LoginFailures } from '../../ports/index.ts';

type Counter = keyof FailureCounts;

/**
 * {@link LoginFailures} on rate-limiter-flexible counters: the same code over its database store
 * (shared by every instance) and its memory store (tests, memory storage). Keys are hashed, so a
 * hostile login of any length or content is just a fixed-size key.
 */
export class LoginFailureCounters implements LoginFailures {
  private readonly limiters = new WeakMap<ThrottlePolicy, Promise<Record<Counter, RateLimiterAbstract>>>();

  constructor(private readonly makeLimiter: (keyPrefix: string, window: FailureWindow) => Promise<RateLimiterAbstract> | RateLimiterAbstract) {}

  async counts(login: string, address: string, policy: ThrottlePolicy): Promise<FailureCounts> {
    const limiters = await this.limitersFor(policy);
    const keys = keysOf(login, address);
    const [loginFromAddress, byLogin, byAddress] = await Promise.all(
      (['loginFromAddress', 'login', 'address'] as const).map(async (c) => toCount(await limiters[c].get(keys[c]))),
    );
    return { loginFromAddress: loginFromAddress!, login: byLogin!, address: byAddress! };
  }

  async record(login: string, address: string, policy: ThrottlePolicy): Promise<FailureCounts> {
    const limiters = await this.limitersFor(policy);
    const keys = keysOf(login, address);
    const [loginFromAddress, byLogin, byAddress] = await Promise.all(
      (['loginFromAddress', 'login', 'address'] as const).map(async (c) => toCount(await limiters[c].penalty(keys[c], 1))),
    );
    return { loginFromAddress: loginFromAddress!, login: byLogin!, address: byAddress! };
  }

  async forgive(login: string, address: string, policy: ThrottlePolicy): Promise<void> {
    const limiters = await this.limitersFor(policy);
    await limiters.loginFromAddress.delete(keysOf(login, address).loginFromAddress);
  }

  private limitersFor(policy: ThrottlePolicy): Promise<Record<Counter, RateLimiterAbstract>> {
    let limiters = this.limiters.get(policy);
    if (!limiters) {
      limiters = (async () => ({
        loginFromAddress: await this.makeLimiter('la', policy.loginFromAddress),
        login: await this.makeLimiter('l', policy.login),
        address: await this.makeLimiter('a', policy.address),
      }))();
      limiters.catch(() => this.limiters.delete(policy));
      this.limiters.set(policy, limiters);
    }
    return limiters;
  }
}

/** rate-limiter-flexible's common options for a failure counter (points are never consumed, only added). */
export function counterOptions(keyPrefix: string, window: FailureWindow) {
  return { keyPrefix, points: window.limit, duration: Math.max(1, Math.ceil(window.windowMs / 1000)) };
}

function keysOf(login: string, address: string): Record<Counter, string> {
  const h = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 32);
  return { loginFromAddress: h(`${login}\0${address}`), login: h(login), address: h(address) };
}

function toCount(res: RateLimiterRes | null): FailureCount {
  return res ? { count: res.consumedPoints, resetsInMs: Math.max(0, res.msBeforeNext) } : { count: 0, resetsInMs: 0 };
}
