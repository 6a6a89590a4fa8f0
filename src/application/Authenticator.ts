import { createHash } from 'node:crypto';
import bcrypt from 'bcrypt';
import {
  afterFailure, beforeVerifying, decideAccountSync, normalizeLoginName, DEFAULT_THROTTLE_POLICY, InvalidLoginName,
  type SyncDenialReason, type ThrottlePolicy, type User, type UserMessage,
} from '../domain/index.ts';
import type { Clock, LoginFailures, UserDirectory } from '../ports/index.ts';

/** Why credentials were refused (logged and counted; the client only ever sees 401). */
export type RejectionReason = 'invalid-login' | 'unknown-login' | 'wrong-password';

/**
 * A hash no password matches, compared when the login is unknown: an unknown login then takes as
 * long as a wrong password, so logins cannot be found by timing. (bcrypt of a random string, cost 10.)
 */
const DUMMY_HASH = '$2b$10$jJVXDOvbhoAIe2obeMSKgu20AUra7mi2LXZdn8mQFw/Jgbm1T9kAi';

export type AuthOutcome =
  | { readonly kind: 'authenticated'; readonly user: User }
  | { readonly kind: 'rejected'; readonly reason: RejectionReason }
  | { readonly kind: 'throttled'; readonly retryAfterMs: number; readonly reason: 'login-from-address' | 'login' | 'address' }
  | { readonly kind: 'not-entitled'; readonly user: User; readonly reason: SyncDenialReason; readonly explanation: string; readonly message: UserMessage };

/**
 * Verifies HTTP Basic credentials against BrokerStar's bcrypt hashes.
 *
 * Devices poll with Basic on every request, and bcrypt costs ~50–100 ms by design (native bcrypt
 * runs it off the event loop), so a verified credential is remembered for a short time. The cache
 * key is a SHA-256 of login, password AND the stored hash: a password change (new hash)
 * invalidates it at once, and the account's active and licence flags are re-read on every request. The cache is a per-process optimisation only; no
 * other instance needs it.
 */
export class Authenticator {
  private readonly verified = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly users: UserDirectory,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly failures: LoginFailures | null = null,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
    private readonly maxEntries = 10_000,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /**
   * `address` is the client's address as the HTTP layer sees it (the forwarded one behind a trusted
   * proxy). A credential verified within the cache time passes without touching the failure counters
   * (the hot path of polling devices); everything else is throttled per `LoginThrottling`.
   */
  async authenticate(rawLogin: string, password: string, address = 'unknown'): Promise<AuthOutcome> {
    let login: string;
    try {
      login = normalizeLoginName(rawLogin);
    } catch (err) {
      if (err instanceof InvalidLoginName) return this.failed(rawLogin.slice(0, 100), address, 'invalid-login');
      throw err;
    }
    const credentials = await this.users.findCredentials(login);
    const hash = credentials?.passwordHash ?? DUMMY_HASH;
    const cached = credentials !== null && this.isCached(login, password, hash);
    if (!cached && this.failures) {
      const before = beforeVerifying(await this.failures.counts(login, address, this.policy), this.policy);
      if (before.kind === 'throttled') return before;
    }
    const matches = cached || (await this.passwordMatches(login, password, hash));
    if (!credentials) return this.failed(login, address, 'unknown-login');
    if (!matches) return this.failed(login, address, 'wrong-password');
    if (!cached) await this.failures?.forgive(login, address, this.policy);
    const decision = decideAccountSync(credentials.user);
    if (!decision.allowed) return { kind: 'not-entitled', user: credentials.user, reason: decision.reason, explanation: decision.explanation, message: decision.message };
    return { kind: 'authenticated', user: credentials.user };
  }

  /** Counts the failure; answers 401 (late after repeated failures) or 429 once a counter is full. */
  private async failed(login: string, address: string, reason: RejectionReason): Promise<AuthOutcome> {
    if (!this.failures) return { kind: 'rejected', reason };
    const decision = afterFailure(await this.failures.record(login, address, this.policy), this.policy);
    if (decision.kind === 'throttled') return decision;
    if (decision.delayMs > 0) await this.sleep(decision.delayMs);
    return { kind: 'rejected', reason };
  }

  private cacheKey(login: string, password: string, hash: string): string {
    return createHash('sha256').update(`${login}\0${password}\0${hash}`).digest('base64');
  }

  /** Verified within the cache time; sliding (the key contains the stored hash, so a changed password never matches). */
  private isCached(login: string, password: string, hash: string): boolean {
    const key = this.cacheKey(login, password, hash);
    const now = this.clock.now().getTime();
    const until = this.verified.get(key);
    if (until === undefined || until <= now) return false;
    this.verified.set(key, now + this.ttlMs);
    return true;
  }

  private async passwordMatches(login: string, password: string, hash: string): Promise<boolean> {
    const key = this.cacheKey(login, password, hash);
    const now = this.clock.now().getTime();
    // A device opening several connections at once sends the same credential in parallel: verify once.
    let pending = this.inFlight.get(key);
    if (!pending) {
      // PHP writes $2y$; native bcrypt understands $2a$/$2b$, and $2y$ is the same algorithm.
      pending = bcrypt.compare(password, hash.replace(/^\$2y\$/, '$2b$')).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const ok = await pending;
    if (ok) this.remember(key, now + this.ttlMs);
    return ok;
  }

  private remember(key: string, until: number): void {
    if (this.verified.size >= this.maxEntries) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(key, until);
  }
}
