import { ContainerModule, type ServiceIdentifier } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS, type Clock } from '../../ports/index.ts';
import { KnexUserDirectory } from './KnexUserDirectory.ts';
import { KnexContactDirectory } from './KnexContactDirectory.ts';
import { KnexAppointmentBook } from './KnexAppointmentBook.ts';
import { KnexTaskList } from './KnexTaskList.ts';
import { KnexObjectStore } from './KnexObjectStore.ts';
import { KnexSyncIndex } from './KnexSyncIndex.ts';
import { KnexTransactions } from './KnexTransactions.ts';

/** The host's knex instance; other knex-backed bindings (sync index, object store) resolve it from here. */
export const KNEX: ServiceIdentifier<Knex> = Symbol.for('Knex');

/**
 * Storage on MySQL/MariaDB or SQLite through knex. The knex instance belongs to the caller (the host
 * application or `main.ts`), which also destroys it; the container never does.
 */
export function knexModule(knex: Knex): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(KNEX).toConstantValue(knex);
    bind(TOKENS.UserDirectory)
      .toResolvedValue((db: Knex, clock: Clock) => new KnexUserDirectory(db, clock), [KNEX, TOKENS.Clock])
      .inSingletonScope();
    bind(TOKENS.ContactDirectory)
      .toResolvedValue((db: Knex, clock: Clock) => new KnexContactDirectory(db, clock), [KNEX, TOKENS.Clock])
      .inSingletonScope();
    bind(TOKENS.AppointmentBook)
      .toResolvedValue((db: Knex, clock: Clock) => new KnexAppointmentBook(db, clock), [KNEX, TOKENS.Clock])
      .inSingletonScope();
    bind(TOKENS.TaskList)
      .toResolvedValue((db: Knex, clock: Clock) => new KnexTaskList(db, clock), [KNEX, TOKENS.Clock])
      .inSingletonScope();
    bind(TOKENS.ObjectStore).toResolvedValue((db: Knex) => new KnexObjectStore(db), [KNEX]).inSingletonScope();
    bind(TOKENS.SyncIndex).toResolvedValue((db: Knex) => new KnexSyncIndex(db), [KNEX]).inSingletonScope();
    bind(TOKENS.Transactions)
      .toResolvedValue((db: Knex, clock: Clock) => new KnexTransactions(db, clock), [KNEX, TOKENS.Clock])
      .inSingletonScope();
  });
}
