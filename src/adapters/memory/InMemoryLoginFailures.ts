import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LoginFailureCounters, counterOptions } from '../shared/loginFailureCounters.ts';

/** Failed-login counters in process memory (tests, the in-memory storage). */
export function inMemoryLoginFailures(): LoginFailureCounters {
  return new LoginFailureCounters((keyPrefix, window) => new RateLimiterMemory(counterOptions(keyPrefix, window)));
}
