import { randomBytes } from 'node:crypto';
import type { AppPasswords, NewAppPassword, ServerSecrets, StoredAppPassword } from '../../ports/index.ts';

/** App passwords in process memory (tests, the in-memory storage). */
export class InMemoryAppPasswords implements AppPasswords {
  private readonly rows: StoredAppPassword[] = [];
  private nextId = 1;

  async create(p: NewAppPassword): Promise<StoredAppPassword | null> {
    if (this.rows.some((r) => r.lookup === p.lookup || (r.userId === p.userId && r.label === p.label))) return null;
    const row: StoredAppPassword = { ...p, id: this.nextId++, lastUsedAt: null, lastClient: null };
    this.rows.push(row);
    return row;
  }

  async list(userId: number): Promise<StoredAppPassword[]> {
    return this.rows.filter((r) => r.userId === userId);
  }

  async findByLookup(lookup: string): Promise<StoredAppPassword | null> {
    return this.rows.find((r) => r.lookup === lookup) ?? null;
  }

  async revoke(userId: number, label: string): Promise<boolean> {
    const i = this.rows.findIndex((r) => r.userId === userId && r.label === label);
    if (i < 0) return false;
    this.rows.splice(i, 1);
    return true;
  }

  async recordUse(id: number, at: Date, clientFamily: string): Promise<void> {
    const i = this.rows.findIndex((r) => r.id === id);
    if (i >= 0) this.rows[i] = { ...this.rows[i]!, lastUsedAt: at, lastClient: clientFamily };
  }
}

/** Server secrets of one process. */
export class InMemoryServerSecrets implements ServerSecrets {
  private readonly values = new Map<string, string>();
  async get(name: string): Promise<string> {
    let value = this.values.get(name);
    if (!value) {
      value = randomBytes(32).toString('base64url');
      this.values.set(name, value);
    }
    return value;
  }
}
