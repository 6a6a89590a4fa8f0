import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { KnexContactDirectory } from '../../../src/adapters/knex/KnexContactDirectory.ts';
import { userDirectoryContract } from '../../contracts/userDirectory.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexUserDirectory', (db) => {
  userDirectoryContract(async () => ({ users: new KnexUserDirectory(db()), contacts: new KnexContactDirectory(db()) }));
});
