import type { Knex } from 'knex';
import { KnexUserDirectory } from '../KnexUserDirectory.ts';
import { insertBatched, writeAppointments, writeContacts, writeTasks, type RowCounts } from './bulkWriter.ts';
import { DEMO_CATEGORIES, DEMO_CONTACTS, DEMO_SHARES, demoContactSeed } from './demoContacts.ts';
import { DEMO_APPOINTMENTS, DEMO_TASKS, demoAppointmentRow, demoTaskRow } from './demoCalendar.ts';
import { DEMO_GROUPS, DEMO_PASSWORD, DEMO_TEAMS, DEMO_USERS, demoEmail, type DemoUserKey } from './demoUsers.ts';

export type DemoSeedResult =
  | { readonly seeded: true; readonly counts: RowCounts }
  | { readonly seeded: false; readonly reason: string };

/** Logins and group names of the demo set that already exist (non-empty: the demo was loaded before). */
export async function existingDemoNames(db: Knex | Knex.Transaction): Promise<string[]> {
  const users: Array<{ login: string }> = await db('users').whereIn('login', DEMO_USERS.map((u) => u.login)).select('login');
  const groups: Array<{ name: string }> = await db('user_groups').whereIn('name', DEMO_GROUPS.map((g) => g.name)).select('name');
  return [...users.map((u) => u.login), ...groups.map((g) => `group "${g.name}"`)];
}

/**
 * Loads the demo data set in one transaction. Idempotent: when any demo user or group exists
 * already, nothing is written (a half-present demo set is the operator's to clean up, not ours).
 */
export async function seedDemo(knex: Knex, reference: Date): Promise<DemoSeedResult> {
  return knex.transaction(async (trx) => {
    const existing = await existingDemoNames(trx);
    if (existing.length > 0) return { seeded: false, reason: `demo data already present (${existing.join(', ')})` };
    const counts: RowCounts = {};
    const directory = new KnexUserDirectory(trx, { now: () => reference });

    const groupIds = new Map<string, number>();
    for (const group of DEMO_GROUPS) groupIds.set(group.name, await directory.createGroup(group));
    counts.user_groups = groupIds.size;

    const userIds = new Map<DemoUserKey, number>();
    for (const u of DEMO_USERS) {
      const created = await directory.createUser({
        login: u.login, password: DEMO_PASSWORD, displayName: u.displayName, email: demoEmail(u.login),
        groupId: groupIds.get(u.group) as number, mailingModuleEnabled: u.mailingModule, contactScope: u.scope,
      });
      userIds.set(u.key, created.id);
    }
    counts.users = userIds.size;
    const id = (key: DemoUserKey) => userIds.get(key) as number;
    for (const team of DEMO_TEAMS) for (const member of team.members) await directory.addToTeam(id(member), team.name);

    const contactIds = new Map<string, number>();
    for (const owner of userIds.keys()) {
      const specs = DEMO_CONTACTS.filter((c) => c.owner === owner);
      const ids = await writeContacts(trx, id(owner), specs.map(demoContactSeed), counts);
      specs.forEach((spec, i) => { if (spec.key) contactIds.set(spec.key, ids[i] as number); });
    }
    const contactId = (key: string) => {
      const found = contactIds.get(key);
      if (found === undefined) throw new Error(`Demo data refers to unknown contact "${key}".`);
      return found;
    };
    for (const category of DEMO_CATEGORIES) {
      const [categoryId] = await trx('contact_categories').insert({ name: category.name });
      const links = category.contacts.map((key) => ({ contact_id: contactId(key), category_id: Number(categoryId) }));
      await trx('contact_category_links').insert(links);
      counts.contact_category_links = (counts.contact_category_links ?? 0) + links.length;
    }
    counts.contact_shares = await insertBatched(trx, 'contact_shares', ['contact_id', 'user_id'],
      DEMO_SHARES.map((s) => [contactId(s.contact), id(s.with)]));

    for (const spec of DEMO_APPOINTMENTS) {
      const assignees = spec.who.map(id);
      const [appointmentId] = await writeAppointments(trx, assignees[0] as number, assignees, [demoAppointmentRow(spec, reference)], counts);
      if (spec.contact) await trx('appointments').where('id', appointmentId).update({ contact_id: contactId(spec.contact) });
    }
    for (const spec of DEMO_TASKS) {
      const assignees = spec.who.map(id);
      const linked = spec.contact ? [contactId(spec.contact)] : [];
      await writeTasks(trx, assignees[0] as number, assignees, [{ task: demoTaskRow(spec, reference), contactIndex: spec.contact ? 0 : null }], linked, counts);
    }
    return { seeded: true, counts };
  });
}
