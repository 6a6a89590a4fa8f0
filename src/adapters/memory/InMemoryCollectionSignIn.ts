import type { SyncKind } from '../../domain/index.ts';
import type { CollectionSignIn, SignInRead, SyncIndex, UserDirectory } from '../../ports/index.ts';
import type { InMemoryLock } from './InMemoryLock.ts';

/**
 * {@link CollectionSignIn} in memory: the two ports' reads under the store's lock (re-entrant), so
 * nothing changes between them, as in the database's one statement.
 */
export class InMemoryCollectionSignIn implements CollectionSignIn {
  constructor(
    private readonly users: UserDirectory,
    private readonly syncIndex: SyncIndex,
    private readonly lock: InMemoryLock,
  ) {}

  read(login: string, kind: SyncKind): Promise<SignInRead> {
    return this.lock.run(async () => {
      const credentials = await this.users.findCredentials(login);
      const current = credentials ? await this.syncIndex.current({ userId: credentials.user.id, kind }) : null;
      return { credentials, current };
    });
  }
}
