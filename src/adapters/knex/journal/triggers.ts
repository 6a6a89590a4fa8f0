import type { JournalEntity } from '../../../domain/index.ts';
import { differs, emitSql, nowSql, type Dialect, type TriggerSpec } from './triggerSql.ts';

/**
 * The triggers that fill `change_journal` and maintain the CRM `version` columns, so that writes
 * made by BrokerStar's web application (or by hand in SQL) are seen exactly like our own.
 *
 * Decisions:
 * - Every UPDATE of a contact/appointment/task row bumps `version` by exactly one (whatever the
 *   statement wrote into `version`) and writes exactly one journal row per updated row.
 * - A change of a contact's address/phone/e-mail bumps the contact's version; that UPDATE then
 *   journals the contact, so sub-records need no journal entity of their own.
 * - Assignee and share changes do NOT bump the object's version: the rendered object carries no
 *   attendees or shares, only the affected user's membership changes, which the link entry says.
 * - MySQL/MariaDB do not fire triggers for rows removed by ON DELETE CASCADE / SET NULL. The parent's
 *   own entry covers cascades (deleting a contact or appointment journals it), except two, which
 *   are done explicitly here so that they fire triggers: deleting a team removes its memberships
 *   first (members lose their team mates' contacts), and deleting a contact unlinks its tasks first
 *   (their rendering changes).
 */
export function journalTriggers(d: Dialect): TriggerSpec[] {
  return [
    ...objectTriggers(d, 'contacts', 'contact'),
    ...objectTriggers(d, 'appointments', 'appointment'),
    ...objectTriggers(d, 'tasks', 'task'),
    { name: 'dav_contacts_bd', table: 'contacts', timing: 'BEFORE', event: 'DELETE',
      body: [`UPDATE tasks SET contact_id = NULL WHERE contact_id = OLD.id`] },
    ...['contact_addresses', 'contact_phones', 'contact_emails'].flatMap((t) => subRecordTriggers(d, t)),
    ...linkTriggers(d, 'contact_shares', 'contact_share', 'contact_id', 'user_id'),
    ...linkTriggers(d, 'appointment_assignees', 'appointment_assignee', 'appointment_id', 'user_id'),
    ...linkTriggers(d, 'task_assignees', 'task_assignee', 'task_id', 'user_id'),
    ...linkTriggers(d, 'team_memberships', 'team_membership', 'team_id', 'user_id'),
    {
      name: 'dav_users_au', table: 'users', timing: 'AFTER', event: 'UPDATE',
      when: ['contact_scope', 'group_id', 'active', 'mailing_module_enabled']
        .map((c) => differs(d, `OLD.${c}`, `NEW.${c}`)).join(' OR '),
      body: emitSql(d, { entity: 'user', entityId: 'NEW.id' }),
    },
    { name: 'dav_users_ad', table: 'users', timing: 'AFTER', event: 'DELETE', body: emitSql(d, { entity: 'user', entityId: 'OLD.id' }) },
    { name: 'dav_teams_bd', table: 'teams', timing: 'BEFORE', event: 'DELETE',
      body: ['DELETE FROM team_memberships WHERE team_id = OLD.id'] },
  ];
}

function objectTriggers(d: Dialect, table: string, entity: JournalEntity): TriggerSpec[] {
  const insert: TriggerSpec = { name: `dav_${table}_ai`, table, timing: 'AFTER', event: 'INSERT', body: emitSql(d, { entity, entityId: 'NEW.id' }) };
  const remove: TriggerSpec = { name: `dav_${table}_ad`, table, timing: 'AFTER', event: 'DELETE', body: emitSql(d, { entity, entityId: 'OLD.id' }) };
  if (d === 'mysql') {
    return [
      insert,
      {
        name: `dav_${table}_bu`, table, timing: 'BEFORE', event: 'UPDATE',
        body: [
          'SET NEW.version = OLD.version + 1',
          // Keep an updated_at the statement set itself (BrokerStar writes its own clock).
          `IF NEW.updated_at <=> OLD.updated_at THEN SET NEW.updated_at = ${nowSql(d)}; END IF`,
        ],
      },
      { name: `dav_${table}_au`, table, timing: 'AFTER', event: 'UPDATE', body: emitSql(d, { entity, entityId: 'NEW.id' }) },
      remove,
    ];
  }
  // SQLite has no assignable NEW row. An UPDATE that left `version` alone is followed by a second
  // UPDATE that bumps it (recursive_triggers is off, so that one does not re-fire this trigger);
  // the journal trigger fires only for the row change that moved `version`, i.e. exactly once.
  return [
    insert,
    {
      name: `dav_${table}_au_version`, table, timing: 'AFTER', event: 'UPDATE', when: 'NEW.version = OLD.version',
      body: [
        `UPDATE ${table} SET version = OLD.version + 1, updated_at = ` +
          `CASE WHEN NEW.updated_at IS OLD.updated_at THEN ${nowSql(d)} ELSE NEW.updated_at END WHERE id = NEW.id`,
      ],
    },
    { name: `dav_${table}_au`, table, timing: 'AFTER', event: 'UPDATE', when: 'NEW.version <> OLD.version', body: emitSql(d, { entity, entityId: 'NEW.id' }) },
    remove,
  ];
}

function subRecordTriggers(d: Dialect, table: string): TriggerSpec[] {
  const bump = (ids: string) => `UPDATE contacts SET version = version + 1, updated_at = ${nowSql(d)} WHERE id IN (${ids})`;
  return [
    { name: `dav_${table}_ai`, table, timing: 'AFTER', event: 'INSERT', body: [bump('NEW.contact_id')] },
    // A sub-record moved to another contact changes both.
    { name: `dav_${table}_au`, table, timing: 'AFTER', event: 'UPDATE', body: [bump('OLD.contact_id, NEW.contact_id')] },
    { name: `dav_${table}_ad`, table, timing: 'AFTER', event: 'DELETE', body: [bump('OLD.contact_id')] },
  ];
}

function linkTriggers(d: Dialect, table: string, entity: JournalEntity, objectColumn: string, userColumn: string): TriggerSpec[] {
  const emit = (row: 'OLD' | 'NEW') => emitSql(d, { entity, entityId: `${row}.${objectColumn}`, relatedId: `${row}.${userColumn}` });
  return [
    { name: `dav_${table}_ai`, table, timing: 'AFTER', event: 'INSERT', body: emit('NEW') },
    {
      name: `dav_${table}_au`, table, timing: 'AFTER', event: 'UPDATE',
      when: `${differs(d, `OLD.${objectColumn}`, `NEW.${objectColumn}`)} OR ${differs(d, `OLD.${userColumn}`, `NEW.${userColumn}`)}`,
      body: [...emit('OLD'), ...emit('NEW')],
    },
    { name: `dav_${table}_ad`, table, timing: 'AFTER', event: 'DELETE', body: emit('OLD') },
  ];
}
