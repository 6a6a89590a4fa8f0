import type { ServiceIdentifier } from 'inversify';
import type { Clock } from './Clock.ts';
import type { UserDirectory } from './UserDirectory.ts';
import type { ContactDirectory } from './ContactDirectory.ts';
import type { AppointmentBook } from './AppointmentBook.ts';
import type { TaskList } from './TaskList.ts';
import type { SyncIndex } from './SyncIndex.ts';
import type { CollectionSignIn } from './CollectionSignIn.ts';
import type { ObjectStore } from './ObjectStore.ts';
import type { Transactions } from './Transactions.ts';
import type { CalendarCodec, ContactCodec, RecurrenceEngine } from './Codecs.ts';
import type { LoginFailures } from './LoginFailures.ts';
import type { DeviceActivity } from './DeviceActivity.ts';
import type { AddressCardMatcher } from './AddressCardMatcher.ts';
import type { CalendarQueryMatcher } from './CalendarQuery.ts';
import type { RenderFailureReporter } from './RenderFailureReporter.ts';
import type { AppPasswords, ServerSecrets } from './AppPasswords.ts';

/** Inversify identifiers, one per port (type-only import of Inversify keeps ports free of it at run time). */
export const TOKENS = {
  Clock: Symbol.for('Clock') as ServiceIdentifier<Clock>,
  UserDirectory: Symbol.for('UserDirectory') as ServiceIdentifier<UserDirectory>,
  ContactDirectory: Symbol.for('ContactDirectory') as ServiceIdentifier<ContactDirectory>,
  AppointmentBook: Symbol.for('AppointmentBook') as ServiceIdentifier<AppointmentBook>,
  TaskList: Symbol.for('TaskList') as ServiceIdentifier<TaskList>,
  SyncIndex: Symbol.for('SyncIndex') as ServiceIdentifier<SyncIndex>,
  CollectionSignIn: Symbol.for('CollectionSignIn') as ServiceIdentifier<CollectionSignIn>,
  ObjectStore: Symbol.for('ObjectStore') as ServiceIdentifier<ObjectStore>,
  Transactions: Symbol.for('Transactions') as ServiceIdentifier<Transactions>,
  ContactCodec: Symbol.for('ContactCodec') as ServiceIdentifier<ContactCodec>,
  CalendarCodec: Symbol.for('CalendarCodec') as ServiceIdentifier<CalendarCodec>,
  RecurrenceEngine: Symbol.for('RecurrenceEngine') as ServiceIdentifier<RecurrenceEngine>,
  LoginFailures: Symbol.for('LoginFailures') as ServiceIdentifier<LoginFailures>,
  DeviceActivity: Symbol.for('DeviceActivity') as ServiceIdentifier<DeviceActivity>,
  AddressCardMatcher: Symbol.for('AddressCardMatcher') as ServiceIdentifier<AddressCardMatcher>,
  CalendarQueryMatcher: Symbol.for('CalendarQueryMatcher') as ServiceIdentifier<CalendarQueryMatcher>,
  RenderFailureReporter: Symbol.for('RenderFailureReporter') as ServiceIdentifier<RenderFailureReporter>,
  AppPasswords: Symbol.for('AppPasswords') as ServiceIdentifier<AppPasswords>,
  ServerSecrets: Symbol.for('ServerSecrets') as ServiceIdentifier<ServerSecrets>,
} as const;
