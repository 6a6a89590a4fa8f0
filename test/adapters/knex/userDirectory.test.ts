import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { KnexContactDirectory } from '../../../src/adapters/knex/KnexContactDirectory.ts';
import { userDirectoryContract } from '../../contracts/userDirectory.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexUserDirectory', (db, _name, schema) => {
  userDirectoryContract(async () => ({ users: new KnexUserDirectory(db(), undefined, schema), contacts: new KnexContactDirectory(db(), undefined, schema) }));
}, { schemaVariants: true });
