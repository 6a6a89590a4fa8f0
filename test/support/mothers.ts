import type {
  AppointmentFields, ContactFields, ContactScope, TaskFields, User,
} from '../../src/domain/index.ts';
import type { NewUser, NewUserGroup, UserDirectory } from '../../src/ports/index.ts';

/**
 * Object mothers for CRM test data. Names are unique per call because the storage tests share one
 * database per describe block: every test creates its own users, groups and teams.
 */
let counter = 0;
const runTag = `${process.pid.toString(36)}${Date.now().toString(36)}`;

/** A lowercase name unique in this test run, valid as a BrokerStar login. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${runTag}-${counter}`;
}

export function aGroup(overrides: Partial<NewUserGroup> = {}): NewUserGroup {
  return {
    name: unique('Gruppe Außendienst'),
    syncContacts: true,
    syncCalendar: true,
    syncTasks: false,
    mayEditContacts: true,
    mayDeleteContacts: false,
    ...overrides,
  };
}

export function aNewUser(groupId: number, overrides: Partial<NewUser> = {}): NewUser {
  return {
    login: unique('user'),
    password: 'Geheim-Passwort-123',
    displayName: 'Hans Müller',
    email: 'hans.mueller@example.ch',
    groupId,
    mailingModuleEnabled: false,
    contactScope: 'OWN',
    ...overrides,
  };
}

/** Creates a fresh group and a user in it with the given scope. */
export async function createUser(users: UserDirectory, scope: ContactScope = 'OWN', overrides: Partial<NewUser> = {}): Promise<User> {
  const groupId = await users.createGroup(aGroup());
  return users.createUser(aNewUser(groupId, { contactScope: scope, ...overrides }));
}

/** A person with every field set, umlauts included, and several sub-records in a deliberate order. */
export function fullContactFields(overrides: Partial<ContactFields> = {}): ContactFields {
  return {
    kind: 'person',
    salutation: 'Frau',
    title: 'Dr. med.',
    firstName: 'Zoë',
    lastName: 'Müller-Lüthi',
    company: 'Bäckerei Zürcher AG',
    department: 'Geschäftsleitung',
    position: 'Inhaberin',
    birthday: '1975-02-28',
    notes: 'Bevorzugt Anrufe am Vormittag.\nZweite Zeile: «Grüezi» & 日本語 🎉',
    website: 'https://www.bäckerei-zürcher.ch',
    addresses: [
      { type: 'work', street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', region: 'ZH', country: 'Schweiz' },
      { type: 'home', street: 'Seestraße 42', postalCode: '6300', city: 'Zug', region: null, country: 'Schweiz' },
      { type: 'other', street: null, postalCode: null, city: 'Genève', region: null, country: null },
    ],
    phones: [
      { type: 'mobile', number: '+41 79 123 45 67' },
      { type: 'work', number: '+41 44 123 45 67' },
      { type: 'fax', number: '+41 44 123 45 68' },
    ],
    emails: [
      { type: 'work', address: 'zoe.mueller@baeckerei-zuercher.ch' },
      { type: 'home', address: 'zoe@example.ch' },
    ],
    ...overrides,
  };
}

/** A company with every optional field null and no sub-records. */
export function minimalContactFields(overrides: Partial<ContactFields> = {}): ContactFields {
  return {
    kind: 'company', salutation: null, title: null, firstName: null, lastName: null, company: 'Müller & Söhne GmbH',
    department: null, position: null, birthday: null, notes: null, website: null, addresses: [], phones: [], emails: [],
    ...overrides,
  };
}

export function timedAppointment(overrides: Partial<AppointmentFields> = {}): AppointmentFields {
  return {
    title: 'Besprechung mit Herrn Müller',
    location: 'Zürich, Sitzungszimmer «Üetliberg»',
    description: 'Offerte für die Gebäudeversicherung besprechen.',
    timing: {
      allDay: false,
      start: new Date('2026-03-02T08:15:30.123Z'),
      end: new Date('2026-03-02T09:45:00.000Z'),
      timeZone: 'Europe/Zurich',
    },
    recurrenceRule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10',
    ...overrides,
  };
}

export function allDayAppointment(overrides: Partial<AppointmentFields> = {}): AppointmentFields {
  return {
    title: 'Messe in Genève',
    location: null,
    description: null,
    timing: { allDay: true, startDate: '2026-04-14', endDate: '2026-04-17' },
    recurrenceRule: null,
    ...overrides,
  };
}

export function aTask(overrides: Partial<TaskFields> = {}): TaskFields {
  return {
    title: 'Police an Frau Müller schicken',
    description: 'Mit Begleitbrief (Zürich).',
    due: new Date('2026-05-20T14:30:00.250Z'),
    dueAllDay: false,
    status: 'in-progress',
    priority: 'high',
    percentComplete: 40,
    completedAt: null,
    contactId: null,
    ...overrides,
  };
}
