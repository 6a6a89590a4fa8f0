import { InMemoryCrm, InMemoryUserDirectory } from '../../../src/adapters/memory/index.ts';
import { userDirectoryContract } from '../../contracts/userDirectory.contract.ts';

describe('InMemoryUserDirectory', () => {
  userDirectoryContract(async () => ({ users: new InMemoryUserDirectory(new InMemoryCrm()) }));
});
