import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { TOKENS, type Clock, type UserDirectory, type SyncIndex, type ObjectStore, type ContactDirectory, type AppointmentBook, type TaskList, type Transactions, type ContactCodec, type CalendarCodec, type RecurrenceEngine, type CalendarQueryMatcher, type RenderFailureReporter } from '../../../ports/index.ts';
import { Authenticator } from '../../../application/Authenticator.ts';
import { CollectionService } from '../../../application/CollectionService.ts';
import { ObjectRenderer } from '../../../application/ObjectRenderer.ts';
import { ObjectWriter } from '../../../application/ObjectWriter.ts';
import type { DavServices, DavSettings } from './DavRequest.ts';
import { reportsFor } from './reports/index.ts';

export const DAV_SETTINGS: ServiceIdentifier<DavSettings & { authCacheTtlMs: number }> = Symbol.for('DavSettings');
export const DAV_SERVICES: ServiceIdentifier<DavServices> = Symbol.for('DavServices');
export const AUTHENTICATOR: ServiceIdentifier<Authenticator> = Symbol.for('Authenticator');

/** Application services and settings of the DAV adapter, wired from the ports. */
export function davModule(settings: DavSettings & { authCacheTtlMs: number }, failures: RenderFailureReporter): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DAV_SETTINGS).toConstantValue(settings);
    bind(TOKENS.RenderFailureReporter).toConstantValue(failures);
    bind(AUTHENTICATOR)
      .toResolvedValue((users: UserDirectory, clock: Clock) => new Authenticator(users, clock, settings.authCacheTtlMs), [TOKENS.UserDirectory, TOKENS.Clock])
      .inSingletonScope();
    bind(DAV_SERVICES)
      .toResolvedValue(
        (
          objects: ObjectStore,
          syncIndex: SyncIndex,
          contacts: ContactDirectory,
          appointments: AppointmentBook,
          tasks: TaskList,
          transactions: Transactions,
          contactCodec: ContactCodec,
          calendarCodec: CalendarCodec,
          recurrence: RecurrenceEngine,
          calendarQuery: CalendarQueryMatcher,
          failures: RenderFailureReporter,
        ): DavServices => {
          const renderer = new ObjectRenderer({ contacts, appointments, tasks, objects }, contactCodec, calendarCodec, failures);
          return {
            collections: new CollectionService({ objects, syncIndex }, renderer),
            writer: new ObjectWriter(transactions, contactCodec, calendarCodec, failures),
            syncIndex,
            contactCodec,
            recurrence,
            calendarQuery,
            reportsFor,
          };
        },
        [
          TOKENS.ObjectStore,
          TOKENS.SyncIndex,
          TOKENS.ContactDirectory,
          TOKENS.AppointmentBook,
          TOKENS.TaskList,
          TOKENS.Transactions,
          TOKENS.ContactCodec,
          TOKENS.CalendarCodec,
          TOKENS.RecurrenceEngine,
          TOKENS.CalendarQueryMatcher,
          TOKENS.RenderFailureReporter,
        ],
      )
      .inSingletonScope();
  });
}
