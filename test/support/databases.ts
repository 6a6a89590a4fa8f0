import knexFactory, { type Knex } from 'knex';
import { knexConfig } from '../../src/adapters/knex/knexConfig.ts';
import { migrateStandalone } from '../../src/adapters/knex/migrations/index.ts';
import { CrmSchema, REFERENCE_CRM, type CrmSchemaMapping } from '../../src/adapters/knex/schema/crmSchema.ts';

/**
 * The databases every storage test runs against. MySQL/MariaDB is required (CI starts it);
 * a developer without one may run `TEST_DATABASES=sqlite npm test`, never CI.
 */
export type DatabaseName = 'sqlite' | 'mysql';

export const MYSQL_SERVER_URL = process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306';

export function testDatabaseNames(): DatabaseName[] {
  const wanted = (process.env.TEST_DATABASES ?? 'sqlite,mysql').split(',').map((s) => s.trim());
  if (process.env.CI === 'true' && !wanted.includes('mysql')) {
    throw new Error('Under CI=true the MySQL tests must run: do not set TEST_DATABASES without mysql.');
  }
  return wanted.filter((n): n is DatabaseName => n === 'sqlite' || n === 'mysql');
}

let counter = 0;

/**
 * A fresh database with the reference CRM schema (named per `schema`) and the plugin installed;
 * `destroy` drops it. `migrated: false` leaves it empty.
 */
export async function createTestDatabase(
  name: DatabaseName,
  options: { schema?: CrmSchema; migrated?: boolean } = {},
): Promise<{ knex: Knex; destroy(): Promise<void> }> {
  const schema = options.schema ?? CrmSchema.reference;
  const prepare = (knex: Knex) => (options.migrated === false ? Promise.resolve() : migrateStandalone(knex, schema));
  if (name === 'sqlite') {
    const knex = knexFactory(knexConfig({ client: 'sqlite', filename: ':memory:' }, schema));
    await prepare(knex);
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
  const knex = knexFactory(knexConfig({ client: 'mysql', url: `${MYSQL_SERVER_URL}/${dbName}` }, schema));
  await prepare(knex);
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
 * A variant of the reference CRM schema in which every table and column has another name, as an
 * installation whose BrokerStar schema differs would pass it (`schema` option / CRM_SCHEMA_FILE).
 */
export const RENAMED_SCHEMA: CrmSchema = CrmSchema.of(Object.fromEntries(
  Object.entries(REFERENCE_CRM).map(([table, columns]) => [
    table,
    { table: `bs_${table}`, columns: Object.fromEntries((columns as readonly string[]).map((c) => [c, `f_${c}`])) },
  ]),
) as CrmSchemaMapping);

/**
 * Declares `describe(`${title} [${db}]`)` once per test database, with a fresh migrated database
 * for the block (created in `before`, dropped in `after`). `schemaVariants`: also once on MySQL
 * with {@link RENAMED_SCHEMA}, for suites that work through the schema map.
 */
export function forEachDatabase(
  title: string,
  body: (db: () => Knex, name: DatabaseName, schema: CrmSchema) => void,
  options: { schemaVariants?: boolean } = {},
): void {
  const variants: Array<{ name: DatabaseName; schema: CrmSchema; label: string }> = testDatabaseNames()
    .map((name) => ({ name, schema: CrmSchema.reference, label: name }));
  if (options.schemaVariants && testDatabaseNames().includes('mysql')) {
    variants.push({ name: 'mysql', schema: RENAMED_SCHEMA, label: 'mysql, renamed CRM schema' });
  }
  for (const { name, schema, label } of variants) {
    describe(`${title} [${label}]`, function () {
      this.timeout(60_000);
      let handle: { knex: Knex; destroy(): Promise<void> } | undefined;
      before(async () => {
        handle = await createTestDatabase(name, { schema });
      });
      after(async () => {
        await handle?.destroy();
      });
      body(() => {
        if (!handle) throw new Error('test database not created yet');
        return handle.knex;
      }, name, schema);
    });
  }
}
