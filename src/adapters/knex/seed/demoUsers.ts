import type { ContactScope } from '../../../domain/index.ts';
import type { NewUserGroup } from '../../../ports/index.ts';

/**
 * The demo installation: two groups that differ in what they may sync and do, users covering every
 * scope and one account without the mailing module (which therefore may not sync at all).
 */
export const DEMO_PASSWORD = 'demo';

export const DEMO_GROUPS: readonly NewUserGroup[] = [
  { name: 'Berater', syncContacts: true, syncCalendar: true, syncTasks: true, mayEditContacts: true, mayDeleteContacts: true },
  { name: 'Assistenz', syncContacts: true, syncCalendar: false, syncTasks: true, mayEditContacts: true, mayDeleteContacts: false },
];

export type DemoUserKey = 'max' | 'lisa' | 'anna' | 'peter' | 'sandra';

export interface DemoUser {
  readonly key: DemoUserKey;
  readonly login: string;
  readonly displayName: string;
  readonly group: string;
  readonly scope: ContactScope;
  readonly mailingModule: boolean;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'max', login: 'max.muster', displayName: 'Max Muster', group: 'Berater', scope: 'TEAM', mailingModule: true },
  { key: 'lisa', login: 'lisa.admin', displayName: 'Lisa Admin', group: 'Berater', scope: 'ALL', mailingModule: true },
  { key: 'anna', login: 'anna.beispiel', displayName: 'Anna Beispiel', group: 'Assistenz', scope: 'OWN', mailingModule: true },
  { key: 'peter', login: 'peter.ohne', displayName: 'Peter Ohne', group: 'Berater', scope: 'OWN', mailingModule: false },
  { key: 'sandra', login: 'sandra.keller', displayName: 'Sandra Keller', group: 'Berater', scope: 'OWN', mailingModule: true },
];

/** Max (scope TEAM) sees Sandra's contacts through this team. */
export const DEMO_TEAMS: ReadonlyArray<{ readonly name: string; readonly members: readonly DemoUserKey[] }> = [
  { name: 'Team Zürich', members: ['max', 'sandra'] },
];

export function demoEmail(login: string): string {
  return `${login}@brokerstar-demo.ch`;
}
