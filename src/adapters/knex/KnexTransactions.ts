import type { Knex } from 'knex';
import type { Clock, TransactionalPorts, Transactions } from '../../ports/index.ts';
import { KnexAppointmentBook } from './KnexAppointmentBook.ts';
import { KnexContactDirectory } from './KnexContactDirectory.ts';
import { KnexObjectStore } from './KnexObjectStore.ts';
import { KnexSyncIndex } from './KnexSyncIndex.ts';
import { KnexTaskList } from './KnexTaskList.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { systemClock } from './systemClock.ts';
import { runningAgainAfterConflicts } from './journal/dbErrors.ts';

/**
 * {@link Transactions} with one knex transaction: every repository handed to `work` is bound to it,
 * so the CRM rows, the journal entries their triggers write, stored objects and sync index changes
 * commit together, or none do when `work` throws (knex rolls back and re-throws).
 */
export class KnexTransactions implements Transactions {
  constructor(private readonly db: Knex, private readonly clock: Clock = systemClock, private readonly s: CrmSchema = CrmSchema.reference) {}

  /**
   * Concurrent device PUTs and web-app writes on the same tables can deadlock on InnoDB's gap locks,
   * or on SQLite commit between a transaction's first read and its first write; the loser was
   * rolled back as a whole, so it is run again (from its first read: preconditions are checked
   * anew) after a short random pause that lets the winner commit.
   */
  run<T>(work: (ports: TransactionalPorts) => Promise<T>): Promise<T> {
    return runningAgainAfterConflicts(() => this.db.transaction((trx) => work(portsFor(trx, this.clock, this.s))));
  }
}

/** The transactional ports bound to `trx` (also usable with a plain Knex for non-atomic reads). */
export function portsFor(trx: Knex | Knex.Transaction, clock: Clock = systemClock, s: CrmSchema = CrmSchema.reference): TransactionalPorts {
  return {
    contacts: new KnexContactDirectory(trx, clock, s),
    appointments: new KnexAppointmentBook(trx, clock, s),
    tasks: new KnexTaskList(trx, clock, s),
    objects: new KnexObjectStore(trx),
    syncIndex: new KnexSyncIndex(trx, s),
  };
}
