import type { Knex } from 'knex';
import type { Clock, TransactionalPorts, Transactions } from '../../ports/index.ts';
import { KnexAppointmentBook } from './KnexAppointmentBook.ts';
import { KnexContactDirectory } from './KnexContactDirectory.ts';
import { KnexObjectStore } from './KnexObjectStore.ts';
import { KnexSyncIndex } from './KnexSyncIndex.ts';
import { KnexTaskList } from './KnexTaskList.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { systemClock } from './systemClock.ts';

/** How often a transaction that lost a conflict (see {@link mustRunAgain}) is run again before the error is passed on. */
const CONFLICT_ATTEMPTS = 3;

/**
 * MySQL/MariaDB error 1213: the deadlock victim was rolled back entirely, and running it again is
 * what the server asks for. SQLite (WAL) SQLITE_BUSY_SNAPSHOT: another connection (BrokerStar's web
 * app, another process) committed after this transaction began reading, so it may not write on that
 * old snapshot, at once and whatever the busy timeout; only a fresh start sees the new data.
 */
function mustRunAgain(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'SQLITE_BUSY_SNAPSHOT';
}

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
  async run<T>(work: (ports: TransactionalPorts) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((trx) => work(portsFor(trx, this.clock, this.s)));
      } catch (err) {
        if (!mustRunAgain(err) || attempt >= CONFLICT_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
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
