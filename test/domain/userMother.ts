import type { ContactScope, User, UserGroup } from '../../src/domain/index.ts';

/** Object mother for domain tests: a Berater with every right, tweaked per case. */
export function aGroup(overrides: Partial<UserGroup> = {}): UserGroup {
  return { id: 1, name: 'Berater', syncContacts: true, syncCalendar: true, syncTasks: true, mayEditContacts: true, mayDeleteContacts: true, ...overrides };
}

export function aUser(overrides: Partial<Omit<User, 'group'>> & { group?: Partial<UserGroup>; scope?: ContactScope } = {}): User {
  const { group, scope, ...rest } = overrides;
  return {
    id: 7,
    login: 'max.muster',
    displayName: 'Max Muster',
    email: 'max.muster@brokerstar.example',
    active: true,
    mailingModuleEnabled: true,
    contactScope: scope ?? 'TEAM',
    teamIds: [1],
    ...rest,
    group: aGroup(group),
  };
}
