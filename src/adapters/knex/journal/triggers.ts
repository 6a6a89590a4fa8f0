import type { JournalEntity, ObjectKind } from '../../../domain/index.ts';
import { CrmSchema, type CrmTable } from '../schema/crmSchema.ts';
import { contextTriggers } from './contextTriggers.ts';
import { bumpVersionSql, differs, emitSql, quote, type Dialect, type TriggerSpec } from './triggerSql.ts';

/**
 * The triggers on BrokerStar's CRM tables that feed the change journal, so that writes made by
 * BrokerStar's web application (or by hand in SQL) are seen exactly like our own.
 *
 * They write ONLY into the plugin's own tables (`dav_sequence`, `dav_change_journal`,
 * `dav_object_versions`) and never change a CRM row: the host's behaviour (its cascades, its
 * `updated_at`) stays exactly what it was before the install.
 *
 * - Every INSERT/UPDATE/DELETE of a contact, appointment or task bumps the object's version in
 *   `dav_object_versions` and writes one journal row.
 * - A change of a contact's address/phone/e-mail bumps and journals the contact.
 * - Assignee and share changes do not bump the object's version: the rendered object carries no
 *   attendees or shares; the link entry names the user whose membership changed.
 * - MySQL/MariaDB fire no triggers for rows removed by ON DELETE CASCADE. The parent's own entry
 *   covers every cascade (a deleted contact, appointment or user is journalled), except a deleted
 *   team: its memberships vanish silently, so the team's own `team` entry tells every TEAM-scope
 *   collection to re-evaluate.
 *
 * Trigger names use the logical table names (`dav_<table>_<event>`), so uninstall finds them
 * whatever the installation calls its tables.
 */
export function journalTriggers(d: Dialect, s: CrmSchema): TriggerSpec[] {
  const q = (name: string) => quote(d, name);
  return [
    ...objectTriggers(d, s, 'contacts', 'contact'),
    ...objectTriggers(d, s, 'appointments', 'appointment'),
    ...objectTriggers(d, s, 'tasks', 'task'),
    ...(['contact_addresses', 'contact_phones', 'contact_emails'] as const).flatMap((t) => subRecordTriggers(d, s, t)),
    ...linkTriggers(d, s, 'contact_shares', 'contact_share', s.c('contact_shares', 'contact_id'), s.c('contact_shares', 'user_id')),
    ...linkTriggers(d, s, 'appointment_assignees', 'appointment_assignee', s.c('appointment_assignees', 'appointment_id'), s.c('appointment_assignees', 'user_id')),
    ...linkTriggers(d, s, 'task_assignees', 'task_assignee', s.c('task_assignees', 'task_id'), s.c('task_assignees', 'user_id')),
    ...linkTriggers(d, s, 'team_memberships', 'team_membership', s.c('team_memberships', 'team_id'), s.c('team_memberships', 'user_id')),
    {
      name: 'dav_users_au', table: s.t('users'), timing: 'AFTER', event: 'UPDATE',
      when: (['contact_scope', 'group_id', 'active', 'mailing_module_enabled'] as const)
        .map((c) => differs(d, `OLD.${q(s.c('users', c))}`, `NEW.${q(s.c('users', c))}`)).join(' OR '),
      body: emitSql(d, { entity: 'user', entityId: `NEW.${q(s.c('users', 'id'))}` }),
    },
    { name: 'dav_users_ad', table: s.t('users'), timing: 'AFTER', event: 'DELETE', body: emitSql(d, { entity: 'user', entityId: `OLD.${q(s.c('users', 'id'))}` }) },
    { name: 'dav_teams_ad', table: s.t('teams'), timing: 'AFTER', event: 'DELETE', body: emitSql(d, { entity: 'team', entityId: `OLD.${q(s.c('teams', 'id'))}` }) },
  ];
}

/** Every trigger the plugin installs: the journal's and the customer-context dependencies'. */
export function pluginTriggers(d: Dialect, s: CrmSchema): TriggerSpec[] {
  return [...journalTriggers(d, s), ...contextTriggers(d, s)];
}

/** Names of every trigger the plugin may have installed, whatever the schema map (what uninstall drops). */
export function pluginTriggerNames(d: Dialect): string[] {
  return pluginTriggers(d, CrmSchema.reference).map((t) => t.name);
}

function objectTriggers(d: Dialect, s: CrmSchema, table: 'contacts' | 'appointments' | 'tasks', kind: ObjectKind): TriggerSpec[] {
  const id = (row: 'NEW' | 'OLD') => `${row}.${quote(d, s.c(table, 'id'))}`;
  const change = (row: 'NEW' | 'OLD') => [bumpVersionSql(d, kind, id(row)), ...emitSql(d, { entity: kind, entityId: id(row) })];
  return [
    { name: `dav_${table}_ai`, table: s.t(table), timing: 'AFTER', event: 'INSERT', body: change('NEW') },
    { name: `dav_${table}_au`, table: s.t(table), timing: 'AFTER', event: 'UPDATE', body: change('NEW') },
    { name: `dav_${table}_ad`, table: s.t(table), timing: 'AFTER', event: 'DELETE', body: change('OLD') },
  ];
}

/**
 * Sub-records journal their contact only while it exists: a contact's own insert or delete entry
 * already covers sub-records written before it (bulk loads) or removed with it (cascades).
 */
function subRecordTriggers(d: Dialect, s: CrmSchema, table: 'contact_addresses' | 'contact_phones' | 'contact_emails'): TriggerSpec[] {
  const contact = (row: 'NEW' | 'OLD') => `${row}.${quote(d, s.c(table, 'contact_id'))}`;
  const change = (row: 'NEW' | 'OLD') => [bumpVersionSql(d, 'contact', contact(row)), ...emitSql(d, { entity: 'contact', entityId: contact(row) })];
  const exists = (row: 'NEW' | 'OLD') =>
    `EXISTS (SELECT 1 FROM ${quote(d, s.t('contacts'))} WHERE ${quote(d, s.c('contacts', 'id'))} = ${contact(row)})`;
  return [
    { name: `dav_${table}_ai`, table: s.t(table), timing: 'AFTER', event: 'INSERT', when: exists('NEW'), body: change('NEW') },
    { name: `dav_${table}_au`, table: s.t(table), timing: 'AFTER', event: 'UPDATE', when: exists('NEW'), body: change('NEW') },
    // A sub-record moved to another contact changes both.
    {
      name: `dav_${table}_au_moved`, table: s.t(table), timing: 'AFTER', event: 'UPDATE',
      when: `${differs(d, contact('OLD'), contact('NEW'))} AND ${exists('OLD')}`, body: change('OLD'),
    },
    { name: `dav_${table}_ad`, table: s.t(table), timing: 'AFTER', event: 'DELETE', when: exists('OLD'), body: change('OLD') },
  ];
}

function linkTriggers(d: Dialect, s: CrmSchema, table: CrmTable, entity: JournalEntity, objectColumn: string, userColumn: string): TriggerSpec[] {
  const col = (row: 'OLD' | 'NEW', c: string) => `${row}.${quote(d, c)}`;
  const emit = (row: 'OLD' | 'NEW') => emitSql(d, { entity, entityId: col(row, objectColumn), relatedId: col(row, userColumn) });
  return [
    { name: `dav_${table}_ai`, table: s.t(table), timing: 'AFTER', event: 'INSERT', body: emit('NEW') },
    {
      name: `dav_${table}_au`, table: s.t(table), timing: 'AFTER', event: 'UPDATE',
      when: `${differs(d, col('OLD', objectColumn), col('NEW', objectColumn))} OR ${differs(d, col('OLD', userColumn), col('NEW', userColumn))}`,
      body: [...emit('OLD'), ...emit('NEW')],
    },
    { name: `dav_${table}_ad`, table: s.t(table), timing: 'AFTER', event: 'DELETE', body: emit('OLD') },
  ];
}
