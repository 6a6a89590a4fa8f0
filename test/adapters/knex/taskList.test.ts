import { KnexContactDirectory } from '../../../src/adapters/knex/KnexContactDirectory.ts';
import { KnexTaskList } from '../../../src/adapters/knex/KnexTaskList.ts';
import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { taskListContract } from '../../contracts/taskList.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexTaskList', (db, _name, schema) => {
  taskListContract(async () => ({
    users: new KnexUserDirectory(db(), undefined, schema),
    contacts: new KnexContactDirectory(db(), undefined, schema),
    tasks: new KnexTaskList(db(), undefined, schema),
    // `version` is maintained by the journal triggers, which come with the plugin tables.
    versionBumps: await db().schema.hasTable('dav_change_journal'),
  }));
}, { schemaVariants: true });
