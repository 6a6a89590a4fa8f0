import { createHash } from 'node:crypto';
import bcrypt from 'bcrypt';
import {
  afterFailure, appPasswordLookup, beforeVerifying, decideAccountSync, normalizeLoginName, normaliseAppPassword, DEFAULT_THROTTLE_POLICY, InvalidLoginName,
  type SyncDenialReason, type ThrottlePolicy, type User, type UserMessage,
} from '../domain/index.ts';
import type { AppPasswords, Clock, LoginFailures, StoredAppPassword, UserCredentials, UserDirectory } from '../ports/index.ts';

/** Why credentials were refused (logged and counted; the client only ever sees 401). */
export type RejectionReason = 'invalid-login' | 'unknown-login' | 'wrong-password';

/**
 * A hash no password matches, compared when the login is unknown: an unknown login then takes as
 * long as a wrong password, so logins cannot be found by timing. (bcrypt of a random string, cost 10.)
 */
const DUMMY_HASH = '$2b$10$jJVXDOvbhoAIe2obeMSKgu20AUra7mi2LXZdn8mQFw/Jgbm1T9kAi';

/** What the credentials are for: a device (DAV) or the user's own setup page. */
export interface CredentialUse {
  /** `setup`: only the BrokerStar password (a device's app password must not mint new ones). Default `device`. */
  readonly purpose?: 'device' | 'setup';
  /** The client family from the User-Agent, noted as an app password's last use. */
  readonly clientFamily?: string;
  /**
   * The account as this request read it already, for the normalised login (`CollectionService.signIn`:
   * together with its collection's state); otherwise it is read here.
   */
  readonly credentials?: Promise<UserCredentials | null>;
}

/** App passwords, and whether devices must use them instead of the BrokerStar password. */
export interface AppPasswordPolicy {
  readonly store: AppPasswords;
  readonly requiredForDevices: boolean;
}

/** A last use is written at most this often per app password (devices poll every few minutes). */
const LAST_USE_RESOLUTION_MS = 60_000;

interface Candidate {
  readonly hash: string;
  readonly secret: string;
  readonly app: StoredAppPassword | null;
}

export type AuthOutcome =
  | { readonly kind: 'authenticated'; readonly user: User; readonly via: 'password' | 'app-password' }
  /** `delayedMs`: how long the answer was held back on purpose (repeated failures), not time spent working. */
  | { readonly kind: 'rejected'; readonly reason: RejectionReason; readonly delayedMs?: number }
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
 *
 * App passwords work wherever the BrokerStar password works. Their public lookup part finds one
 * row (so a wrong password still costs at most two bcrypt comparisons); that row is read on every
 * request and its hash is part of the cache key, so a revoked one is refused at the next request.
 * Failures count for the throttling exactly like wrong BrokerStar passwords.
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
    private readonly appPasswords: AppPasswordPolicy | null = null,
  ) {}

  /**
   * `address` is the client's address as the HTTP layer sees it (the forwarded one behind a trusted
   * proxy). A credential verified within the cache time passes without touching the failure counters
   * (the hot path of polling devices); everything else is throttled per `LoginThrottling`.
   */
  async authenticate(rawLogin: string, password: string, address = 'unknown', use: CredentialUse = {}): Promise<AuthOutcome> {
    let login: string;
    try {
      login = normalizeLoginName(rawLogin);
    } catch (err) {
      if (err instanceof InvalidLoginName) return this.failed(rawLogin.slice(0, 100), address, 'invalid-login');
      throw err;
    }
    const credentials = await (use.credentials ?? this.users.findCredentials(login));
    const candidates = await this.candidates(credentials, password, use.purpose ?? 'device');
    const cached = credentials === null ? undefined : candidates.find((c) => this.isCached(login, c.secret, c.hash));
    if (!cached && this.failures) {
      const before = beforeVerifying(await this.failures.counts(login, address, this.policy), this.policy);
      if (before.kind === 'throttled') return before;
    }
    let matched = cached;
    for (const candidate of cached ? [] : candidates) {
      if (await this.passwordMatches(login, candidate.secret, candidate.hash)) {
        matched = candidate;
        break;
      }
    }
    if (!credentials) return this.failed(login, address, 'unknown-login');
    if (!matched) return this.failed(login, address, 'wrong-password');
    if (!cached) await this.failures?.forgive(login, address, this.policy);
    if (matched.app) await this.noteUse(matched.app, use.clientFamily ?? 'other');
    const decision = decideAccountSync(credentials.user);
    if (!decision.allowed) return { kind: 'not-entitled', user: credentials.user, reason: decision.reason, explanation: decision.explanation, message: decision.message };
    return { kind: 'authenticated', user: credentials.user, via: matched.app ? 'app-password' : 'password' };
  }

  /**
   * The hashes this password may match, at most two: the app password its lookup part names (only
   * the user's own, only for devices) and the BrokerStar password (unless devices must use app
   * passwords). An unknown login, or nothing to compare, compares the dummy hash: same timing.
   */
  private async candidates(credentials: { user: User; passwordHash: string } | null, password: string, purpose: 'device' | 'setup'): Promise<Candidate[]> {
    const result: Candidate[] = [];
    const lookup = credentials && this.appPasswords && purpose === 'device' ? appPasswordLookup(password) : null;
    if (lookup && credentials) {
      const app = await this.appPasswords!.store.findByLookup(lookup);
      if (app && app.userId === credentials.user.id) result.push({ hash: app.hash, secret: normaliseAppPassword(password), app });
    }
    const accountPasswordAccepted = !(purpose === 'device' && this.appPasswords?.requiredForDevices);
    if (credentials && accountPasswordAccepted) result.push({ hash: credentials.passwordHash, secret: password, app: null });
    if (result.length === 0) result.push({ hash: DUMMY_HASH, secret: password, app: null });
    return result;
  }

  /** Last use for the setup page's list; a failure to write it never refuses the device. */
  private async noteUse(app: StoredAppPassword, clientFamily: string): Promise<void> {
    const now = this.clock.now();
    const recent = app.lastUsedAt !== null && now.getTime() - app.lastUsedAt.getTime() < LAST_USE_RESOLUTION_MS;
    if (recent && app.lastClient === clientFamily) return;
    await this.appPasswords?.store.recordUse(app.id, now, clientFamily).catch(() => undefined);
  }

  /** Counts the failure; answers 401 (late after repeated failures) or 429 once a counter is full. */
  private async failed(login: string, address: string, reason: RejectionReason): Promise<AuthOutcome> {
    if (!this.failures) return { kind: 'rejected', reason };
    const decision = afterFailure(await this.failures.record(login, address, this.policy), this.policy);
    if (decision.kind === 'throttled') return decision;
    if (decision.delayMs <= 0) return { kind: 'rejected', reason };
    await this.sleep(decision.delayMs);
    return { kind: 'rejected', reason, delayedMs: decision.delayMs };
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
