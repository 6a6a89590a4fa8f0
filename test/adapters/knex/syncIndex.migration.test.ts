import { expect } from 'chai';
import type { Knex } from 'knex';
import { forEachDatabase } from '../../support/databases.ts';

const DAV_TABLES = ['dav_sequence', 'change_journal', 'dav_collections', 'dav_collection_members', 'dav_collection_properties', 'dav_objects'];

async function triggerNames(db: Knex, name: string): Promise<string[]> {
  if (name === 'mysql') {
    const [rows] = await db.raw('SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()');
    return (rows as Array<{ n: string }>).map((r) => r.n);
  }
  return (await db('sqlite_master').where('type', 'trigger').select('name as n')).map((r: { n: string }) => r.n);
}

forEachDatabase('change journal migrations', (db, name) => {
  it('create the journal, its triggers and the DAV tables, and drop all of them again', async () => {
    for (const table of DAV_TABLES) expect(await db().schema.hasTable(table), table).to.equal(true);
    expect((await triggerNames(db(), name)).length).to.be.greaterThan(20);

    await db().migrate.down({ name: '20261128_003_dav_tables.ts' });
    await db().migrate.down({ name: '20261128_002_change_journal.ts' });
    for (const table of DAV_TABLES) expect(await db().schema.hasTable(table), table).to.equal(false);
    expect(await triggerNames(db(), name)).to.deep.equal([]);
    // The CRM works without them (BrokerStar keeps running when the add-on is removed).
    const [groupId] = await db()('user_groups').insert({ name: 'g' });
    const [userId] = await db()('users').insert({ login: 'u', password_hash: 'x', display_name: 'U', group_id: groupId });
    await db()('contacts').insert({ owner_id: userId });
    expect(await db()('contacts').update({ last_name: 'x' })).to.equal(1);

    await db().migrate.latest();
    expect((await db()('dav_sequence').first('value')).value).to.satisfy((v: unknown) => Number(v) === 0);
  });
});
