import { InMemoryContactDirectory, InMemoryCrm, InMemoryUserDirectory } from '../../../src/adapters/memory/index.ts';
import { contactDirectoryContract } from '../../contracts/contactDirectory.contract.ts';

describe('InMemoryContactDirectory', () => {
  contactDirectoryContract(async () => {
    const crm = new InMemoryCrm();
    return { users: new InMemoryUserDirectory(crm), contacts: new InMemoryContactDirectory(crm), versionBumps: true };
  });
});
