import type { ObjectKind } from '../../../domain/index.ts';
import type { CrmSchema } from '../schema/crmSchema.ts';
import { bumpVersionSql, emitSql, quote, VERSIONS_TABLE, type Dialect, type TriggerSpec } from './triggerSql.ts';

/**
 * The rendered appointment or task shows its customer (issue 13), so its representation depends on
 * the linked contact: a change of the contact or of its addresses, phones and e-mails moves the
 * version of every appointment and task linked to it, in the plugin's `dav_object_versions` only
 * (never a CRM row). The next listing then renders them anew; which collections report them is
 * decided when they refresh, from the contact's own journal entry (`planRefresh` dependencies).
 *
 * The contact's delete is caught BEFORE it happens: afterwards `ON DELETE SET NULL` has already
 * cleared the links (and MySQL fires no triggers for that).
 */
export function contextTriggers(d: Dialect, s: CrmSchema): TriggerSpec[] {
  const q = (name: string) => quote(d, name);
  const contactId = (row: 'NEW' | 'OLD') => `${row}.${q(s.c('contacts', 'id'))}`;
  const specs: TriggerSpec[] = [
    { name: 'dav_ctx_contacts_au', table: s.t('contacts'), timing: 'AFTER', event: 'UPDATE', body: bumpDependents(d, s, contactId('NEW')) },
    { name: 'dav_ctx_contacts_bd', table: s.t('contacts'), timing: 'BEFORE', event: 'DELETE', body: bumpDependents(d, s, contactId('OLD')) },
  ];
  for (const table of ['contact_addresses', 'contact_phones', 'contact_emails'] as const) {
    const ref = (row: 'NEW' | 'OLD') => `${row}.${q(s.c(table, 'contact_id'))}`;
    specs.push(
      { name: `dav_ctx_${table}_ai`, table: s.t(table), timing: 'AFTER', event: 'INSERT', body: bumpDependents(d, s, ref('NEW')) },
      { name: `dav_ctx_${table}_au`, table: s.t(table), timing: 'AFTER', event: 'UPDATE', body: [...bumpDependents(d, s, ref('NEW')), ...bumpDependents(d, s, ref('OLD'))] },
      { name: `dav_ctx_${table}_ad`, table: s.t(table), timing: 'AFTER', event: 'DELETE', body: bumpDependents(d, s, ref('OLD')) },
    );
  }
  // Who is assigned decides what the shared representation may show of the customer.
  for (const [table, column, kind, objects] of [
    ['appointment_assignees', 'appointment_id', 'appointment', 'appointments'],
    ['task_assignees', 'task_id', 'task', 'tasks'],
  ] as const) {
    const ref = (row: 'NEW' | 'OLD') => `${row}.${q(s.c(table, column as never))}`;
    const bump = (row: 'NEW' | 'OLD') => [bumpIfLinked(d, s, kind, objects, ref(row))];
    specs.push(
      { name: `dav_ctx_${table}_ai`, table: s.t(table), timing: 'AFTER', event: 'INSERT', body: bump('NEW') },
      { name: `dav_ctx_${table}_ad`, table: s.t(table), timing: 'AFTER', event: 'DELETE', body: bump('OLD') },
    );
  }
  specs.push(...categoryTriggers(d, s));
  return specs;
}

/**
 * Contacts carry BrokerStar's customer categories: linking or unlinking one changes the contact
 * (version and journal, as a phone change does). Renaming a category moves on the versions of its
 * contacts (their next listing shows the new name); the journal has one entry per statement row,
 * so devices that sync by token see the rename with the contact's next change.
 */
function categoryTriggers(d: Dialect, s: CrmSchema): TriggerSpec[] {
  const q = (name: string) => quote(d, name);
  const contact = (row: 'NEW' | 'OLD') => `${row}.${q(s.c('contact_category_links', 'contact_id'))}`;
  const change = (row: 'NEW' | 'OLD') => [bumpVersionSql(d, 'contact', contact(row)), ...emitSql(d, { entity: 'contact', entityId: contact(row) })];
  const exists = (row: 'NEW' | 'OLD') => `EXISTS (SELECT 1 FROM ${q(s.t('contacts'))} WHERE ${q(s.c('contacts', 'id'))} = ${contact(row)})`;
  const links = s.t('contact_category_links');
  const category = `NEW.${q(s.c('contact_categories', 'id'))}`;
  return [
    { name: 'dav_ctx_contact_category_links_ai', table: links, timing: 'AFTER', event: 'INSERT', when: exists('NEW'), body: change('NEW') },
    { name: 'dav_ctx_contact_category_links_ad', table: links, timing: 'AFTER', event: 'DELETE', when: exists('OLD'), body: change('OLD') },
    {
      name: 'dav_ctx_contact_category_links_au', table: links, timing: 'AFTER', event: 'UPDATE', when: exists('NEW'),
      body: [...change('NEW'), ...change('OLD')],
    },
    {
      name: 'dav_ctx_contact_categories_au', table: s.t('contact_categories'), timing: 'AFTER', event: 'UPDATE',
      body: [upsert(d, `SELECT 'contact', x.${q(s.c('contact_category_links', 'contact_id'))}, 1 FROM ${q(links)} x ` +
        `WHERE x.${q(s.c('contact_category_links', 'category_id'))} = ${category}`)],
    },
  ];
}

/** Moves on the version of object `objectId` (an SQL expression) when it has a customer. */
function bumpIfLinked(d: Dialect, s: CrmSchema, kind: ObjectKind, table: 'appointments' | 'tasks', objectId: string): string {
  const q = (name: string) => quote(d, name);
  return upsert(d, `SELECT '${kind}', x.${q(s.c(table, 'id'))}, 1 FROM ${q(s.t(table))} x ` +
    `WHERE x.${q(s.c(table, 'id'))} = ${objectId} AND x.${q(s.c(table, 'contact_id'))} IS NOT NULL`);
}

function upsert(d: Dialect, select: string): string {
  // SQLite needs a WHERE in the SELECT of an upsert (parsing ambiguity); every caller has one.
  const insert = `INSERT INTO ${VERSIONS_TABLE} (kind, object_id, version) ${select}`;
  return d === 'mysql'
    ? `${insert} ON DUPLICATE KEY UPDATE version = version + 1`
    : `${insert} ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1`;
}

/** Moves on the version of every appointment and task linked to the contact `contactId` (an SQL expression). */
function bumpDependents(d: Dialect, s: CrmSchema, contactId: string): string[] {
  const q = (name: string) => quote(d, name);
  const bump = (kind: ObjectKind, table: 'appointments' | 'tasks') =>
    upsert(d, `SELECT '${kind}', x.${q(s.c(table, 'id'))}, 1 FROM ${q(s.t(table))} x WHERE x.${q(s.c(table, 'contact_id'))} = ${contactId}`);
  return [bump('appointment', 'appointments'), bump('task', 'tasks')];
}
