import { randomInt } from 'node:crypto';
import bcrypt from 'bcrypt';
import {
  appPasswordLabel, formatAppPassword, normaliseAppPassword, InvalidAppPasswordLabel, MAX_APP_PASSWORDS_PER_USER, type User,
} from '../domain/index.ts';
import type { AppPasswords, Clock, StoredAppPassword } from '../ports/index.ts';

/** bcrypt cost of app passwords: the same order as BrokerStar's own hashes (verified once per cache period). */
const BCRYPT_COST = 10;

/** Creating, listing and revoking a user's app passwords (setup page and CLI share it). */
export class AppPasswordService {
  constructor(private readonly store: AppPasswords, private readonly clock: Clock) {}

  /** Creates one for the device named `rawLabel`; returns the password, shown once and never stored in clear. */
  async create(user: User, rawLabel: string): Promise<{ readonly password: string; readonly entry: StoredAppPassword }> {
    const label = appPasswordLabel(rawLabel);
    const existing = await this.store.list(user.id);
    if (existing.some((p) => p.label === label)) throw new InvalidAppPasswordLabel(`There is already an app password named "${label}".`);
    if (existing.length >= MAX_APP_PASSWORDS_PER_USER) {
      throw new InvalidAppPasswordLabel(`At most ${MAX_APP_PASSWORDS_PER_USER} app passwords per user: revoke one first.`);
    }
    // A lookup collision (40 random bits) is practically impossible; retry instead of failing anyway.
    for (let attempt = 0; attempt < 3; attempt++) {
      const password = formatAppPassword(Array.from({ length: 24 }, () => randomInt(32)));
      const hash = await bcrypt.hash(normaliseAppPassword(password), BCRYPT_COST);
      const entry = await this.store.create({ userId: user.id, label, lookup: password.slice(0, 9), hash, createdAt: this.clock.now() });
      if (entry) return { password, entry };
      if ((await this.store.list(user.id)).some((p) => p.label === label)) {
        throw new InvalidAppPasswordLabel(`There is already an app password named "${label}".`);
      }
    }
    throw new Error('Could not store a new app password.');
  }

  list(user: User): Promise<StoredAppPassword[]> {
    return this.store.list(user.id);
  }

  async revoke(user: User, rawLabel: string): Promise<boolean> {
    return this.store.revoke(user.id, rawLabel.normalize('NFC').trim().replace(/\s+/g, ' '));
  }
}
