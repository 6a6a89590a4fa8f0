import type { Knex } from 'knex';
import type { Clock, TransactionalPorts, Transactions } from '../../ports/index.ts';
import { KnexAppointmentBook } from './KnexAppointmentBook.ts';
import { KnexContactDirectory } from './KnexContactDirectory.ts';
import { KnexObjectStore } from './KnexObjectStore.ts';
import { KnexSyncIndex } from './KnexSyncIndex.ts';
import { KnexTaskList } from './KnexTaskList.ts';

/**
 * {@link Transactions} with one knex transaction: every repository handed to `work` is bound to it,
 * so the CRM rows, the journal entries their triggers write, stored objects and sync index changes
 * commit together, or none do when `work` throws (knex rolls back and re-throws).
 */
export class KnexTransactions implements Transactions {
  constructor(private readonly db: Knex, private readonly clock?: Clock) {}

  run<T>(work: (ports: TransactionalPorts) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(portsFor(trx, this.clock)));
  }
}

/** The transactional ports bound to `trx` (also usable with a plain Knex for non-atomic reads). */
export function portsFor(trx: Knex | Knex.Transaction, clock?: Clock): TransactionalPorts {
  return {
    contacts: new KnexContactDirectory(trx, clock),
    appointments: new KnexAppointmentBook(trx, clock),
    tasks: new KnexTaskList(trx, clock),
    objects: new KnexObjectStore(trx),
    syncIndex: new KnexSyncIndex(trx),
  };
}
