import { expect } from 'chai';
import { forEachDatabase } from './databases.ts';

forEachDatabase('migrations', (db) => {
  it('create every CRM table', async () => {
    for (const table of ['users', 'user_groups', 'teams', 'contacts', 'appointments', 'tasks']) {
      expect(await db().schema.hasTable(table), table).to.equal(true);
    }
  });
});
