import bcrypt from 'bcrypt';
import { syncableKinds } from '../domain/index.ts';
import type { UserDirectory } from '../ports/index.ts';
import type { DatabaseConfig } from '../../config/default.ts';
import { DEMO_PASSWORD, DEMO_USERS } from '../adapters/knex/seed/demoUsers.ts';
import { table } from './io.ts';

/** "SQLite ./data/…" or the MySQL URL without its password, for the start-up message and /health. */
export function describeDatabase(db: DatabaseConfig): string {
  if (db.client === 'sqlite') return `SQLite ${db.filename}`;
  return `MySQL ${db.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`;
}

/**
 * The demo logins that still have the demo password, as a table. Checked against the stored hashes
 * so that a changed password (or a non-demo database) is never printed as "demo".
 */
export async function demoLoginTable(users: UserDirectory): Promise<string[]> {
  const rows: string[][] = [];
  for (const demo of DEMO_USERS) {
    const credentials = await users.findCredentials(demo.login);
    if (!credentials || !(await bcrypt.compare(DEMO_PASSWORD, credentials.passwordHash))) continue;
    const { user } = credentials;
    const kinds = syncableKinds(user);
    const may = kinds.length > 0 ? kinds.join(', ') : user.mailingModuleEnabled ? 'nothing (group flags off)' : 'nothing (mailing module off)';
    rows.push([user.login, DEMO_PASSWORD, user.group.name, user.contactScope, may]);
  }
  return rows.length === 0 ? [] : table(['login', 'password', 'group', 'sees contacts', 'may sync'], rows);
}
