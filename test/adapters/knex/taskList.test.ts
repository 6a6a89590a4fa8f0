import { KnexContactDirectory } from '../../../src/adapters/knex/KnexContactDirectory.ts';
import { KnexTaskList } from '../../../src/adapters/knex/KnexTaskList.ts';
import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { taskListContract } from '../../contracts/taskList.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexTaskList', (db) => {
  taskListContract(async () => ({
    users: new KnexUserDirectory(db()),
    contacts: new KnexContactDirectory(db()),
    tasks: new KnexTaskList(db()),
    // `version` is maintained by the journal triggers, which come with the change_journal table.
    versionBumps: await db().schema.hasTable('change_journal'),
  }));
});
