import { ContainerModule, type ServiceIdentifier } from 'inversify';
import {
  TOKENS, type AppointmentBook, type Clock, type ContactDirectory, type ObjectStore, type SyncIndex, type TaskList, type UserDirectory,
} from '../../ports/index.ts';
import {
  InMemoryAppointmentBook, InMemoryContactDirectory, InMemoryCrm, InMemoryDavTables, InMemoryLock, InMemoryObjectStore,
  InMemoryCollectionSignIn, InMemorySyncIndex, InMemoryTaskList, InMemoryTransactions, InMemoryUserDirectory, serialised,
} from './index.ts';
import { inMemoryLoginFailures } from './InMemoryLoginFailures.ts';
import { InMemoryDeviceActivity } from './InMemoryDeviceActivity.ts';
import { InMemoryAppPasswords, InMemoryServerSecrets } from './InMemoryAppPasswords.ts';

/** The shared in-memory CRM state behind all in-memory adapters (one per container). */
export const MEMORY_CRM: ServiceIdentifier<InMemoryCrm> = Symbol.for('InMemoryCrm');
/** The DAV side's tables (stored objects, collections, members, properties), one per container. */
export const MEMORY_DAV_TABLES: ServiceIdentifier<InMemoryDavTables> = Symbol.for('InMemoryDavTables');
/** The lock that stands in for transaction isolation, shared by every port of a container. */
export const MEMORY_LOCK: ServiceIdentifier<InMemoryLock> = Symbol.for('InMemoryLock');

/**
 * Storage in process memory: for tests and trying the server without any database. Every port
 * works on one shared state and is wrapped in the container's lock, so that calls from outside
 * wait while an `InMemoryTransactions` run is in progress (which may still roll back).
 */
export function memoryModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(MEMORY_CRM).toResolvedValue((clock: Clock) => new InMemoryCrm(clock), [TOKENS.Clock]).inSingletonScope();
    bind(MEMORY_DAV_TABLES).toResolvedValue(() => new InMemoryDavTables()).inSingletonScope();
    bind(MEMORY_LOCK).toResolvedValue(() => new InMemoryLock()).inSingletonScope();
    bind(TOKENS.UserDirectory)
      .toResolvedValue((crm: InMemoryCrm, lock: InMemoryLock) => serialised(new InMemoryUserDirectory(crm), lock), [MEMORY_CRM, MEMORY_LOCK])
      .inSingletonScope();
    bind(TOKENS.ContactDirectory)
      .toResolvedValue((crm: InMemoryCrm, lock: InMemoryLock) => serialised(new InMemoryContactDirectory(crm), lock), [MEMORY_CRM, MEMORY_LOCK])
      .inSingletonScope();
    bind(TOKENS.AppointmentBook)
      .toResolvedValue((crm: InMemoryCrm, lock: InMemoryLock) => serialised(new InMemoryAppointmentBook(crm), lock), [MEMORY_CRM, MEMORY_LOCK])
      .inSingletonScope();
    bind(TOKENS.TaskList)
      .toResolvedValue((crm: InMemoryCrm, lock: InMemoryLock) => serialised(new InMemoryTaskList(crm), lock), [MEMORY_CRM, MEMORY_LOCK])
      .inSingletonScope();
    bind(TOKENS.ObjectStore)
      .toResolvedValue((dav: InMemoryDavTables, lock: InMemoryLock) => serialised(new InMemoryObjectStore(dav), lock), [MEMORY_DAV_TABLES, MEMORY_LOCK])
      .inSingletonScope();
    bind(TOKENS.DeviceActivity).toResolvedValue(() => new InMemoryDeviceActivity()).inSingletonScope();
    bind(TOKENS.LoginFailures).toResolvedValue(() => inMemoryLoginFailures()).inSingletonScope();
    bind(TOKENS.AppPasswords).toResolvedValue(() => new InMemoryAppPasswords()).inSingletonScope();
    bind(TOKENS.ServerSecrets).toResolvedValue(() => new InMemoryServerSecrets()).inSingletonScope();
    bind(TOKENS.SyncIndex)
      .toResolvedValue(
        (crm: InMemoryCrm, dav: InMemoryDavTables, lock: InMemoryLock) => serialised(new InMemorySyncIndex(crm, dav), lock),
        [MEMORY_CRM, MEMORY_DAV_TABLES, MEMORY_LOCK],
      )
      .inSingletonScope();
    bind(TOKENS.CollectionSignIn)
      .toResolvedValue(
        (users: UserDirectory, syncIndex: SyncIndex, lock: InMemoryLock) => new InMemoryCollectionSignIn(users, syncIndex, lock),
        [TOKENS.UserDirectory, TOKENS.SyncIndex, MEMORY_LOCK],
      )
      .inSingletonScope();
    bind(TOKENS.Transactions)
      .toResolvedValue(
        (crm: InMemoryCrm, dav: InMemoryDavTables, lock: InMemoryLock, contacts: ContactDirectory, appointments: AppointmentBook,
          tasks: TaskList, objects: ObjectStore, syncIndex: SyncIndex) =>
          // The same lock-wrapped ports: the lock is re-entrant, so the run's own calls pass straight through.
          new InMemoryTransactions(crm, dav, { contacts, appointments, tasks, objects, syncIndex }, lock),
        [MEMORY_CRM, MEMORY_DAV_TABLES, MEMORY_LOCK, TOKENS.ContactDirectory, TOKENS.AppointmentBook, TOKENS.TaskList, TOKENS.ObjectStore, TOKENS.SyncIndex],
      )
      .inSingletonScope();
  });
}
