import { KnexContactDirectory } from '../../../src/adapters/knex/KnexContactDirectory.ts';
import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { contactDirectoryContract } from '../../contracts/contactDirectory.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexContactDirectory', (db) => {
  contactDirectoryContract(async () => ({
    users: new KnexUserDirectory(db()),
    contacts: new KnexContactDirectory(db()),
    // `version` is maintained by the journal triggers, which come with the change_journal table.
    versionBumps: await db().schema.hasTable('change_journal'),
  }));
});
