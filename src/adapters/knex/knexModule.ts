import { ContainerModule, type ServiceIdentifier } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS, type Clock, type UserDirectory } from '../../ports/index.ts';
import { KnexUserDirectory } from './KnexUserDirectory.ts';
import { KnexContactDirectory } from './KnexContactDirectory.ts';
import { KnexAppointmentBook } from './KnexAppointmentBook.ts';
import { KnexTaskList } from './KnexTaskList.ts';
import { KnexObjectStore } from './KnexObjectStore.ts';
import { KnexSyncIndex } from './KnexSyncIndex.ts';
import { KnexCollectionSignIn } from './KnexCollectionSignIn.ts';
import { KnexTransactions } from './KnexTransactions.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { knexLoginFailures } from './KnexLoginFailures.ts';
import { KnexAppPasswords, KnexServerSecrets } from './KnexAppPasswords.ts';
import { KnexDeviceActivity } from './KnexDeviceActivity.ts';
import { reportingUnavailableStorage as guarded } from './storageAvailability.ts';

/** The host's knex instance; other knex-backed bindings (sync index, object store) resolve it from here. */
export const KNEX: ServiceIdentifier<Knex> = Symbol.for('Knex');
/** The installation's CRM table and column names. */
export const CRM_SCHEMA: ServiceIdentifier<CrmSchema> = Symbol.for('CrmSchema');

/**
 * Storage on MySQL/MariaDB or SQLite through knex. The knex instance belongs to the caller (the host
 * application or `main.ts`), which also destroys it; the container never does. Every port raises
 * `StorageUnavailable` while the database cannot be reached (see storageAvailability.ts).
 */
export function knexModule(knex: Knex, schema: CrmSchema = CrmSchema.reference): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(KNEX).toConstantValue(knex);
    bind(CRM_SCHEMA).toConstantValue(schema);
    bind(TOKENS.UserDirectory)
      .toResolvedValue((db: Knex, clock: Clock, s: CrmSchema) => guarded(new KnexUserDirectory(db, clock, s)), [KNEX, TOKENS.Clock, CRM_SCHEMA])
      .inSingletonScope();
    bind(TOKENS.ContactDirectory)
      .toResolvedValue((db: Knex, clock: Clock, s: CrmSchema) => guarded(new KnexContactDirectory(db, clock, s)), [KNEX, TOKENS.Clock, CRM_SCHEMA])
      .inSingletonScope();
    bind(TOKENS.AppointmentBook)
      .toResolvedValue((db: Knex, clock: Clock, s: CrmSchema) => guarded(new KnexAppointmentBook(db, clock, s)), [KNEX, TOKENS.Clock, CRM_SCHEMA])
      .inSingletonScope();
    bind(TOKENS.TaskList)
      .toResolvedValue((db: Knex, clock: Clock, s: CrmSchema) => guarded(new KnexTaskList(db, clock, s)), [KNEX, TOKENS.Clock, CRM_SCHEMA])
      .inSingletonScope();
    bind(TOKENS.ObjectStore).toResolvedValue((db: Knex) => guarded(new KnexObjectStore(db)), [KNEX]).inSingletonScope();
    bind(TOKENS.SyncIndex).toResolvedValue((db: Knex, s: CrmSchema) => guarded(new KnexSyncIndex(db, s)), [KNEX, CRM_SCHEMA]).inSingletonScope();
    bind(TOKENS.CollectionSignIn)
      .toResolvedValue((db: Knex, users: UserDirectory, s: CrmSchema) => guarded(new KnexCollectionSignIn(db, users, s)), [KNEX, TOKENS.UserDirectory, CRM_SCHEMA])
      .inSingletonScope();
    bind(TOKENS.LoginFailures).toResolvedValue((db: Knex) => guarded(knexLoginFailures(db)), [KNEX]).inSingletonScope();
    bind(TOKENS.DeviceActivity).toResolvedValue((db: Knex) => guarded(new KnexDeviceActivity(db)), [KNEX]).inSingletonScope();
    bind(TOKENS.AppPasswords).toResolvedValue((db: Knex) => guarded(new KnexAppPasswords(db)), [KNEX]).inSingletonScope();
    bind(TOKENS.ServerSecrets).toResolvedValue((db: Knex) => guarded(new KnexServerSecrets(db)), [KNEX]).inSingletonScope();
    bind(TOKENS.Transactions)
      .toResolvedValue((db: Knex, clock: Clock, s: CrmSchema) => guarded(new KnexTransactions(db, clock, s)), [KNEX, TOKENS.Clock, CRM_SCHEMA])
      .inSingletonScope();
  });
}
