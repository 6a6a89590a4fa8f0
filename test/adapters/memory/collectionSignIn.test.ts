import { InMemoryCollectionSignIn, InMemoryCrm, InMemoryDavTables, InMemoryLock, InMemorySyncIndex, InMemoryUserDirectory, serialised } from '../../../src/adapters/memory/index.ts';
import { collectionSignInContract } from '../../contracts/collectionSignIn.contract.ts';
import { memoryCrm } from './memoryCrmFixture.ts';

describe('InMemoryCollectionSignIn', () => {
  collectionSignInContract(() => {
    const state = new InMemoryCrm();
    const lock = new InMemoryLock();
    const users = serialised(new InMemoryUserDirectory(state), lock);
    const index = serialised(new InMemorySyncIndex(state, new InMemoryDavTables()), lock);
    return {
      signIn: new InMemoryCollectionSignIn(users, index, lock),
      users,
      index,
      crm: memoryCrm(state),
      async setLogin(userId, login) {
        state.users.set(userId, { ...state.users.get(userId)!, login });
      },
    };
  });
});
