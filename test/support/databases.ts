import knexFactory, { type Knex } from 'knex';
import { knexConfig } from '../../src/adapters/knex/knexConfig.ts';

/**
 * The databases every storage test runs against. MySQL/MariaDB is required (CI starts it);
 * a developer without one may run `TEST_DATABASES=sqlite npm test`, never CI.
 */
export type DatabaseName = 'sqlite' | 'mysql';

const MYSQL_SERVER_URL = process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306';

export function testDatabaseNames(): DatabaseName[] {
  const wanted = (process.env.TEST_DATABASES ?? 'sqlite,mysql').split(',').map((s) => s.trim());
  if (process.env.CI === 'true' && !wanted.includes('mysql')) {
    throw new Error('Under CI=true the MySQL tests must run: do not set TEST_DATABASES without mysql.');
  }
  return wanted.filter((n): n is DatabaseName => n === 'sqlite' || n === 'mysql');
}

let counter = 0;

/** A fresh, migrated database; `destroy` drops it. */
export async function createTestDatabase(name: DatabaseName): Promise<{ knex: Knex; destroy(): Promise<void> }> {
  if (name === 'sqlite') {
    const knex = knexFactory(knexConfig({ client: 'sqlite', filename: ':memory:' }));
    await knex.migrate.latest();
    return { knex, destroy: () => knex.destroy() };
  }
  const dbName = `bsdav_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = knexFactory(knexConfig({ client: 'mysql', url: `${MYSQL_SERVER_URL}/` }));
  try {
    await admin.raw(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch (err) {
    await admin.destroy();
    throw new Error(`MySQL/MariaDB is not reachable at ${MYSQL_SERVER_URL} (${(err as Error).message}). ` +
      'Start it (see README) or run TEST_DATABASES=sqlite npm test outside CI.');
  }
  const knex = knexFactory(knexConfig({ client: 'mysql', url: `${MYSQL_SERVER_URL}/${dbName}` }));
  await knex.migrate.latest();
  return {
    knex,
    async destroy() {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await admin.destroy();
    },
  };
}

/**
 * Declares `describe(`${title} on ${db}`)` once per test database, with a fresh migrated database
 * for the block (created in `before`, dropped in `after`).
 */
export function forEachDatabase(title: string, body: (db: () => Knex, name: DatabaseName) => void): void {
  for (const name of testDatabaseNames()) {
    describe(`${title} [${name}]`, function () {
      this.timeout(60_000);
      let handle: { knex: Knex; destroy(): Promise<void> } | undefined;
      before(async () => {
        handle = await createTestDatabase(name);
      });
      after(async () => {
        await handle?.destroy();
      });
      body(() => {
        if (!handle) throw new Error('test database not created yet');
        return handle.knex;
      }, name);
    });
  }
}
