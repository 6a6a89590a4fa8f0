import { createHash } from 'node:crypto';
import bcrypt from 'bcrypt';
import { decideAccountSync, normalizeLoginName, InvalidLoginName, type SyncDenialReason, type User, type UserMessage } from '../domain/index.ts';
import type { Clock, UserDirectory } from '../ports/index.ts';

/** Why credentials were refused (logged and counted; the client only ever sees 401). */
export type RejectionReason = 'invalid-login' | 'unknown-login' | 'wrong-password';

export type AuthOutcome =
  | { readonly kind: 'authenticated'; readonly user: User }
  | { readonly kind: 'rejected'; readonly reason: RejectionReason }
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
    private readonly maxEntries = 10_000,
  ) {}

  async authenticate(rawLogin: string, password: string): Promise<AuthOutcome> {
    let login: string;
    try {
      login = normalizeLoginName(rawLogin);
    } catch (err) {
      if (err instanceof InvalidLoginName) return { kind: 'rejected', reason: 'invalid-login' };
      throw err;
    }
    const credentials = await this.users.findCredentials(login);
    if (!credentials) return { kind: 'rejected', reason: 'unknown-login' };
    if (!(await this.passwordMatches(login, password, credentials.passwordHash))) return { kind: 'rejected', reason: 'wrong-password' };
    const decision = decideAccountSync(credentials.user);
    if (!decision.allowed) return { kind: 'not-entitled', user: credentials.user, reason: decision.reason, explanation: decision.explanation, message: decision.message };
    return { kind: 'authenticated', user: credentials.user };
  }

  private async passwordMatches(login: string, password: string, hash: string): Promise<boolean> {
    const key = createHash('sha256').update(`${login}\0${password}\0${hash}`).digest('base64');
    const now = this.clock.now().getTime();
    const until = this.verified.get(key);
    if (until !== undefined && until > now) {
      // Sliding: the key contains the stored hash, so a changed password can never match it.
      this.verified.set(key, now + this.ttlMs);
      return true;
    }
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
