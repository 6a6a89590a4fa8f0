import { ContainerModule, type ServiceIdentifier } from 'inversify';
import type { ContextSettings, ThrottlePolicy } from '../../../domain/index.ts';
import { TOKENS, type Clock, type UserDirectory, type SyncIndex, type ObjectStore, type ContactDirectory, type AppointmentBook, type TaskList, type Transactions, type ContactCodec, type CalendarCodec, type RecurrenceEngine, type AddressCardMatcher, type LoginFailures, type CalendarQueryMatcher, type RenderFailureReporter, type AppPasswords, type DeviceActivity, type CollectionSignIn } from '../../../ports/index.ts';
import { Authenticator } from '../../../application/Authenticator.ts';
import { CollectionService } from '../../../application/CollectionService.ts';
import { ObjectRenderer } from '../../../application/ObjectRenderer.ts';
import { ObjectWriter } from '../../../application/ObjectWriter.ts';
import { SavesAfterAnswer } from '../../../application/SavesAfterAnswer.ts';
import { DeviceTracker } from './deviceTracker.ts';
import type { DavServices, DavSettings } from './DavRequest.ts';
import { reportsFor } from './reports/index.ts';

/** What the DAV module needs besides the request settings: the password cache time and the throttling policy. */
export type DavModuleSettings = DavSettings & {
  readonly authCacheTtlMs: number;
  readonly loginThrottling: ThrottlePolicy;
  /** Devices must sign in with an app password; the BrokerStar password then opens only the setup page. */
  readonly requireAppPasswords: boolean;
  /** The customer context on appointments and tasks (issue 13). */
  readonly context: ContextSettings;
};

export const DAV_SETTINGS: ServiceIdentifier<DavModuleSettings> = Symbol.for('DavSettings');
export const DAV_SERVICES: ServiceIdentifier<DavServices> = Symbol.for('DavServices');
export const AUTHENTICATOR: ServiceIdentifier<Authenticator> = Symbol.for('Authenticator');
/** Renderings stored after the answer: the plugin's `close()` drains them. */
export const SAVES_AFTER_ANSWER: ServiceIdentifier<SavesAfterAnswer> = Symbol.for('SavesAfterAnswer');

/** Application services and settings of the DAV adapter, wired from the ports. */
export function davModule(settings: DavModuleSettings, failures: RenderFailureReporter): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DAV_SETTINGS).toConstantValue(settings);
    bind(TOKENS.RenderFailureReporter).toConstantValue(failures);
    bind(SAVES_AFTER_ANSWER).toConstantValue(new SavesAfterAnswer((error, objects) => failures.savingFailed({ objects, error })));
    bind(AUTHENTICATOR)
      .toResolvedValue(
        (users: UserDirectory, clock: Clock, failures: LoginFailures, appPasswords: AppPasswords) => new Authenticator(
          users, clock, settings.authCacheTtlMs, failures, settings.loginThrottling, undefined, undefined,
          { store: appPasswords, requiredForDevices: settings.requireAppPasswords },
        ),
        [TOKENS.UserDirectory, TOKENS.Clock, TOKENS.LoginFailures, TOKENS.AppPasswords],
      )
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
          cardMatcher: AddressCardMatcher,
          calendarQuery: CalendarQueryMatcher,
          failures: RenderFailureReporter,
          devices: DeviceActivity,
          clock: Clock,
          signIn: CollectionSignIn,
          afterAnswer: SavesAfterAnswer,
        ): DavServices => {
          const renderer = new ObjectRenderer({ contacts, appointments, tasks, objects }, contactCodec, calendarCodec, failures, settings.context, afterAnswer);
          return {
            collections: new CollectionService({ objects, syncIndex }, renderer, signIn),
            writer: new ObjectWriter(transactions, contactCodec, calendarCodec, failures, settings.context),
            syncIndex,
            contactCodec,
            recurrence,
            cardMatcher,
            calendarQuery,
            devices: new DeviceTracker(devices, clock),
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
          TOKENS.AddressCardMatcher,
          TOKENS.CalendarQueryMatcher,
          TOKENS.RenderFailureReporter,
          TOKENS.DeviceActivity,
          TOKENS.Clock,
          TOKENS.CollectionSignIn,
          SAVES_AFTER_ANSWER,
        ],
      )
      .inSingletonScope();
  });
}
