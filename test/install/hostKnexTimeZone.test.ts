import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { brokerStarDav } from '../../src/index.ts';
import { createTestDatabase, testDatabaseNames } from '../support/databases.ts';
import { seedDemoData } from '../support/davApp.ts';

/**
 * A host's knex over BrokerStar's MySQL, as the packed-host check wrote it from the README before:
 * mysql2's default reads DATETIME/DATE in the process's local time zone. Outside UTC that shifted
 * appointments by an hour and birthdays by a day; the plugin now refuses to start with it.
 */
// MySQL only (SQLite has no such driver setting); CI always runs it (CI=true requires MySQL).
if (testDatabaseNames().includes('mysql')) describe('the host\'s knex and time zones [mysql]', () => {
  let db: { knex: Knex; destroy(): Promise<void> };
  const zone = process.env.TZ;
  before(async () => {
    db = await createTestDatabase('mysql');
    await seedDemoData(db.knex);
  });
  after(async () => {
    process.env.TZ = zone;
    await db.destroy();
  });

  async function readiness(connection: Record<string, unknown>): Promise<string> {
    const url = (db.knex.client as { config: { connection: { uri: string } } }).config.connection.uri;
    const host = knexFactory({ client: 'mysql2', connection: { uri: url, ...connection }, pool: { min: 0, max: 2 } });
    const plugin = brokerStarDav({ knex: host });
    try {
      await plugin.ready;
      return 'ready';
    } catch (err) {
      return (err as Error).message;
    } finally {
      await plugin.close();
      await host.destroy();
    }
  }

  it('in Europe/Zurich, a knex with mysql2\'s default time zone is refused with the settings to use; with timezone Z it starts', async () => {
    process.env.TZ = 'Europe/Zurich';
    try {
      expect(await readiness({})).to.match(/local time zone \(Europe\/Zurich\).*timezone: 'Z', dateStrings: true/);
      expect(await readiness({ timezone: 'Z', dateStrings: true })).to.equal('ready');
      expect(await readiness({ timezone: 'Z' })).to.equal('ready');
    } finally {
      process.env.TZ = zone;
    }
  });

  it('in UTC the default reads the columns as stored, and the plugin starts', async () => {
    process.env.TZ = 'UTC';
    try {
      expect(await readiness({})).to.equal('ready');
    } finally {
      process.env.TZ = zone;
    }
  });
});
