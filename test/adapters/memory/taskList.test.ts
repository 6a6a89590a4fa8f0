import { InMemoryContactDirectory, InMemoryCrm, InMemoryTaskList, InMemoryUserDirectory } from '../../../src/adapters/memory/index.ts';
import { taskListContract } from '../../contracts/taskList.contract.ts';

describe('InMemoryTaskList', () => {
  taskListContract(async () => {
    const crm = new InMemoryCrm();
    return {
      users: new InMemoryUserDirectory(crm), contacts: new InMemoryContactDirectory(crm), tasks: new InMemoryTaskList(crm), versionBumps: true,
    };
  });
});
