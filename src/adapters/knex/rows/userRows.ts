import type { ContactScope, User, UserGroup } from '../../../domain/index.ts';
import type { NewUser, NewUserGroup } from '../../../ports/index.ts';
import { fromSqlBool, toId, toSqlBool } from '../sqlValues.ts';

/** The user columns selected for a user (joined with its group: {@link GROUP_COLUMNS}, prefixed `g_`). */
export const USER_COLUMNS = [
  'id', 'login', 'password_hash', 'display_name', 'email', 'active', 'mailing_module_enabled', 'contact_scope',
] as const;
export const GROUP_COLUMNS = ['id', 'name', 'sync_contacts', 'sync_calendar', 'sync_tasks', 'may_edit_contacts', 'may_delete_contacts'] as const;

export interface UserWithGroupRow {
  id: unknown; login: string; password_hash: string; display_name: string; email: string | null;
  active: unknown; mailing_module_enabled: unknown; contact_scope: ContactScope;
  g_id: unknown; g_name: string; g_sync_contacts: unknown; g_sync_calendar: unknown; g_sync_tasks: unknown;
  g_may_edit_contacts: unknown; g_may_delete_contacts: unknown;
}

export interface GroupRow {
  id: unknown; name: string; sync_contacts: unknown; sync_calendar: unknown; sync_tasks: unknown;
  may_edit_contacts: unknown; may_delete_contacts: unknown;
}

export function groupFromRow(row: GroupRow): UserGroup {
  return {
    id: toId(row.id),
    name: row.name,
    syncContacts: fromSqlBool(row.sync_contacts),
    syncCalendar: fromSqlBool(row.sync_calendar),
    syncTasks: fromSqlBool(row.sync_tasks),
    mayEditContacts: fromSqlBool(row.may_edit_contacts),
    mayDeleteContacts: fromSqlBool(row.may_delete_contacts),
  };
}

export function groupToRow(group: NewUserGroup): Record<string, unknown> {
  return {
    name: group.name,
    sync_contacts: toSqlBool(group.syncContacts),
    sync_calendar: toSqlBool(group.syncCalendar),
    sync_tasks: toSqlBool(group.syncTasks),
    may_edit_contacts: toSqlBool(group.mayEditContacts),
    may_delete_contacts: toSqlBool(group.mayDeleteContacts),
  };
}

export function userFromRow(row: UserWithGroupRow, teamIds: readonly number[]): User {
  return {
    id: toId(row.id),
    login: row.login,
    displayName: row.display_name,
    email: row.email,
    active: fromSqlBool(row.active),
    mailingModuleEnabled: fromSqlBool(row.mailing_module_enabled),
    contactScope: row.contact_scope,
    group: groupFromRow({
      id: row.g_id, name: row.g_name, sync_contacts: row.g_sync_contacts, sync_calendar: row.g_sync_calendar,
      sync_tasks: row.g_sync_tasks, may_edit_contacts: row.g_may_edit_contacts, may_delete_contacts: row.g_may_delete_contacts,
    }),
    teamIds: [...teamIds],
  };
}

/** Row for a new user; `login` must already be normalised and `passwordHash` computed. */
export function newUserToRow(user: NewUser, login: string, passwordHash: string): Record<string, unknown> {
  return {
    login,
    password_hash: passwordHash,
    display_name: user.displayName,
    email: user.email,
    active: toSqlBool(user.active ?? true),
    mailing_module_enabled: toSqlBool(user.mailingModuleEnabled),
    contact_scope: user.contactScope,
    group_id: user.groupId,
  };
}
