import { InMemoryAppPasswords, InMemoryServerSecrets } from '../../../src/adapters/memory/InMemoryAppPasswords.ts';
import { appPasswordsContract } from '../../contracts/appPasswords.contract.ts';

describe('InMemoryAppPasswords', () => {
  appPasswordsContract(async () => ({ store: new InMemoryAppPasswords(), secrets: new InMemoryServerSecrets() }));
});
