import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { AppPasswords, NewAppPassword, ServerSecrets, StoredAppPassword } from '../../ports/index.ts';
import { APP_PASSWORDS_TABLE, SERVER_SECRETS_TABLE } from './migrations/plugin/003_app_passwords.ts';
import { isUniqueViolation } from './journal/dbErrors.ts';
import { fromSqlDateTime, fromSqlDateTimeOrNull, toSqlDateTime } from './sqlValues.ts';

interface Row {
  id: number; user_id: number | string; label: string; lookup: string; hash: string;
  created_at: unknown; last_used_at: unknown; last_client: string | null;
}


function fromRow(r: Row): StoredAppPassword {
  return {
    id: Number(r.id), userId: Number(r.user_id), label: r.label, lookup: r.lookup, hash: r.hash,
    createdAt: fromSqlDateTime(r.created_at), lastUsedAt: fromSqlDateTimeOrNull(r.last_used_at), lastClient: r.last_client,
  };
}

/** App passwords in the plugin table `dav_app_passwords`. */
export class KnexAppPasswords implements AppPasswords {
  constructor(private readonly db: Knex) {}

  async create(p: NewAppPassword): Promise<StoredAppPassword | null> {
    try {
      const [id] = await this.db(APP_PASSWORDS_TABLE).insert({
        user_id: p.userId, label: p.label, lookup: p.lookup, hash: p.hash, created_at: toSqlDateTime(p.createdAt),
      });
      return { id: Number(id), userId: p.userId, label: p.label, lookup: p.lookup, hash: p.hash, createdAt: p.createdAt, lastUsedAt: null, lastClient: null };
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  async list(userId: number): Promise<StoredAppPassword[]> {
    return ((await this.db(APP_PASSWORDS_TABLE).where({ user_id: userId }).orderBy('id')) as Row[]).map(fromRow);
  }

  async findByLookup(lookup: string): Promise<StoredAppPassword | null> {
    const row = (await this.db(APP_PASSWORDS_TABLE).where({ lookup }).first()) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  async revoke(userId: number, label: string): Promise<boolean> {
    return (await this.db(APP_PASSWORDS_TABLE).where({ user_id: userId, label }).delete()) > 0;
  }

  async recordUse(id: number, at: Date, clientFamily: string): Promise<void> {
    await this.db(APP_PASSWORDS_TABLE).where({ id }).update({ last_used_at: toSqlDateTime(at), last_client: clientFamily.slice(0, 40) });
  }
}

/** Server secrets in `dav_server_secrets`; a missing one is created (the first writer wins, the others read it). */
export class KnexServerSecrets implements ServerSecrets {
  private readonly cache = new Map<string, string>();
  constructor(private readonly db: Knex) {}

  async get(name: string): Promise<string> {
    const known = this.cache.get(name);
    if (known) return known;
    let row = (await this.db(SERVER_SECRETS_TABLE).where({ name }).first()) as { value: string } | undefined;
    if (!row) {
      try {
        await this.db(SERVER_SECRETS_TABLE).insert({ name, value: randomBytes(32).toString('base64url') });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      row = (await this.db(SERVER_SECRETS_TABLE).where({ name }).first()) as { value: string };
    }
    this.cache.set(name, row.value);
    return row.value;
  }
}
