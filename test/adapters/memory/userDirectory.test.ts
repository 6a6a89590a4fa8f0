import { InMemoryContactDirectory, InMemoryCrm, InMemoryUserDirectory } from '../../../src/adapters/memory/index.ts';
import { userDirectoryContract } from '../../contracts/userDirectory.contract.ts';

describe('InMemoryUserDirectory', () => {
  userDirectoryContract(async () => {
    const crm = new InMemoryCrm();
    return { users: new InMemoryUserDirectory(crm), contacts: new InMemoryContactDirectory(crm) };
  });
});
