import { KnexContactDirectory } from '../../../src/adapters/knex/KnexContactDirectory.ts';
import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { contactDirectoryContract } from '../../contracts/contactDirectory.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexContactDirectory', (db, _name, schema) => {
  contactDirectoryContract(async () => ({
    users: new KnexUserDirectory(db(), undefined, schema),
    contacts: new KnexContactDirectory(db(), undefined, schema),
    // `version` is maintained by the journal triggers, which come with the plugin tables.
    versionBumps: await db().schema.hasTable('dav_change_journal'),
  }));
}, { schemaVariants: true });
