import type { TransactionalPorts, Transactions } from '../../ports/index.ts';
import type { InMemoryCrm } from './InMemoryCrm.ts';
import type { InMemoryDavTables } from './InMemoryDavTables.ts';
import { InMemoryLock } from './InMemoryLock.ts';

/**
 * {@link Transactions} in process memory: `work` runs alone (under the {@link InMemoryLock} that the
 * container's ports share) against the same in-memory ports as everyone else; when it throws, the
 * CRM, its journal and the DAV tables are put back as they were before (a deep-copy snapshot), and
 * the error is re-thrown. A nested run inside `work` behaves like a savepoint.
 *
 * The snapshot copies the whole state per run: cheap for tests and demos, not meant for large data.
 */
export class InMemoryTransactions implements Transactions {
  constructor(
    private readonly crm: InMemoryCrm,
    private readonly tables: InMemoryDavTables,
    private readonly ports: TransactionalPorts,
    private readonly lock: InMemoryLock = new InMemoryLock(),
  ) {}

  run<T>(work: (ports: TransactionalPorts) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const crm = this.crm.snapshot();
      const dav = this.tables.snapshot();
      try {
        return await work(this.ports);
      } catch (err) {
        this.crm.restore(crm);
        this.tables.restore(dav);
        throw err;
      }
    });
  }
}
