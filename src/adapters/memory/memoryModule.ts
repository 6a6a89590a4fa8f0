import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { TOKENS, type Clock } from '../../ports/index.ts';
import { InMemoryAppointmentBook, InMemoryContactDirectory, InMemoryCrm, InMemoryTaskList, InMemoryUserDirectory } from './index.ts';

/** The shared in-memory CRM state behind all in-memory adapters (one per container). */
export const MEMORY_CRM: ServiceIdentifier<InMemoryCrm> = Symbol.for('InMemoryCrm');

/** Storage in process memory: for tests and trying the server without any database. */
export function memoryModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(MEMORY_CRM).toResolvedValue((clock: Clock) => new InMemoryCrm(clock), [TOKENS.Clock]).inSingletonScope();
    bind(TOKENS.UserDirectory)
      .toResolvedValue((crm: InMemoryCrm) => new InMemoryUserDirectory(crm), [MEMORY_CRM]).inSingletonScope();
    bind(TOKENS.ContactDirectory)
      .toResolvedValue((crm: InMemoryCrm) => new InMemoryContactDirectory(crm), [MEMORY_CRM]).inSingletonScope();
    bind(TOKENS.AppointmentBook)
      .toResolvedValue((crm: InMemoryCrm) => new InMemoryAppointmentBook(crm), [MEMORY_CRM]).inSingletonScope();
    bind(TOKENS.TaskList)
      .toResolvedValue((crm: InMemoryCrm) => new InMemoryTaskList(crm), [MEMORY_CRM]).inSingletonScope();
  });
}
