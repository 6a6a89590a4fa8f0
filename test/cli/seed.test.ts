import { expect } from 'chai';
import bcrypt from 'bcrypt';
import type { Knex } from 'knex';
import { forEachDatabase } from '../support/databases.ts';
import { cli } from './cliHarness.ts';

async function rows(knex: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = (await knex(table).where(where).count({ n: '*' }).first()) as { n: unknown };
  return Number(row.n);
}

forEachDatabase('cli: seed --demo', (db) => {
  it('loads the demo set with the exact groups, users and team', async () => {
    const run = await cli(db(), 'seed', '--demo');
    expect(run.code, run.err).to.equal(0);
    const groups = await db()('user_groups').orderBy('name')
      .select('name', 'sync_contacts', 'sync_calendar', 'sync_tasks', 'may_edit_contacts', 'may_delete_contacts');
    expect(groups.map((g) => [g.name, ...[g.sync_contacts, g.sync_calendar, g.sync_tasks, g.may_edit_contacts, g.may_delete_contacts].map(Number)]))
      .to.deep.equal([['Assistenz', 1, 0, 1, 1, 0], ['Berater', 1, 1, 1, 1, 1]]);
    const users = await db()('users as u').join('user_groups as g', 'g.id', 'u.group_id').orderBy('u.login')
      .select('u.login', 'u.display_name', 'g.name as group', 'u.contact_scope', 'u.mailing_module_enabled', 'u.password_hash');
    expect(users.map((u) => [u.login, u.display_name, u.group, u.contact_scope, Number(u.mailing_module_enabled)])).to.deep.equal([
      ['anna.beispiel', 'Anna Beispiel', 'Assistenz', 'OWN', 1],
      ['lisa.admin', 'Lisa Admin', 'Berater', 'ALL', 1],
      ['max.muster', 'Max Muster', 'Berater', 'TEAM', 1],
      ['peter.ohne', 'Peter Ohne', 'Berater', 'OWN', 0],
      ['sandra.keller', 'Sandra Keller', 'Berater', 'OWN', 1],
    ]);
    for (const u of users) expect(await bcrypt.compare('demo', u.password_hash), u.login).to.equal(true);
    const team = await db()('team_memberships as m').join('teams as t', 't.id', 'm.team_id').join('users as u', 'u.id', 'm.user_id')
      .where('t.name', 'Team Zürich').orderBy('u.login').pluck('u.login');
    expect(team).to.deep.equal(['max.muster', 'sandra.keller']);
  });

  it('creates a believable set of contacts, appointments and tasks', async () => {
    expect(await rows(db(), 'contacts')).to.be.within(35, 45);
    expect(await rows(db(), 'contacts', { kind: 'company' })).to.be.at.least(5);
    expect(await rows(db(), 'contact_shares')).to.be.at.least(1);
    expect(await rows(db(), 'appointments')).to.be.within(20, 30);
    expect(await rows(db(), 'appointments', { all_day: 1 })).to.be.at.least(2);
    expect(Number((await db()('appointments').whereNotNull('rrule').count({ n: '*' }).first() as { n: unknown }).n)).to.be.at.least(2);
    expect(await rows(db(), 'tasks')).to.be.within(12, 18);
    expect(Number((await db()('tasks').whereNotNull('contact_id').count({ n: '*' }).first() as { n: unknown }).n)).to.be.at.least(3);
    // Some appointments are assigned to several users (max and sandra).
    const shared = await db()('appointment_assignees').groupBy('appointment_id').havingRaw('count(*) > 1').select('appointment_id');
    expect(shared.length).to.be.at.least(3);
    // Max (scope TEAM) sees Sandra's contacts through Team Zürich.
    const sandra = await db()('users').where('login', 'sandra.keller').first();
    expect(await rows(db(), 'contacts', { owner_id: sandra.id })).to.be.at.least(5);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await rows(db(), 'contacts');
    const run = await cli(db(), 'seed', '--demo');
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.contain('already present');
    expect(await rows(db(), 'contacts')).to.equal(before);
    expect(await rows(db(), 'users')).to.equal(5);
  });
});

forEachDatabase('cli: seed bulk', (db) => {
  it('generates contacts, events and tasks for the user, with sub-rows by id range and journal entries', async () => {
    expect((await cli(db(), 'group', 'create', 'Bulk', '--sync-contacts', '--sync-calendar', '--sync-tasks')).code).to.equal(0);
    expect((await cli(db(), 'user', 'create', 'bulk.user', '--password', 'p', '--group', 'Bulk')).code).to.equal(0);
    const journalBefore = await rows(db(), 'dav_change_journal');
    const run = await cli(db(), 'seed', '--contacts', '1500', '--events', '200', '--tasks', '80', '--user', 'Bulk.User', '--batch-size', '500');
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.match(/Seeded for bulk\.user \(seed value 42\) in \d+\.\d s/);
    // The summary is a table: every count ends in the same column, the journal's longer name included.
    const table = run.out.split('\n').slice(1);
    expect(table.some((l) => l.includes('dav_change_journal (by triggers)'))).to.equal(true);
    expect(new Set(table.map((l) => l.length)).size).to.equal(1);
    // A progress line per committed transaction, ending at the full count of each kind.
    expect(run.progress.filter((p) => p.startsWith('seed: contacts'))).to.have.length.greaterThan(0);
    expect(run.progress).to.include.members(['seed: contacts 1500/1500 (100 %)', 'seed: appointments 200/200 (100 %)', 'seed: tasks 80/80 (100 %)']
      .map((prefix) => run.progress.find((p) => p.startsWith(prefix)) ?? `${prefix} (missing)`));
    const user = await db()('users').where('login', 'bulk.user').first();
    expect(await rows(db(), 'contacts', { owner_id: user.id })).to.equal(1500);
    expect(await rows(db(), 'appointments', { owner_id: user.id })).to.equal(200);
    expect(await rows(db(), 'appointment_assignees', { user_id: user.id })).to.equal(200);
    expect(await rows(db(), 'tasks', { owner_id: user.id })).to.equal(80);
    expect(await rows(db(), 'task_assignees', { user_id: user.id })).to.equal(80);
    // Every contact has an address; sub-rows point at existing contacts.
    const orphans = await db()('contact_phones as p').leftJoin('contacts as c', 'c.id', 'p.contact_id').whereNull('c.id').count({ n: '*' }).first() as { n: unknown };
    expect(Number(orphans.n)).to.equal(0);
    const withoutAddress = await db()('contacts as c').leftJoin('contact_addresses as a', 'a.contact_id', 'c.id').whereNull('a.id').count({ n: '*' }).first() as { n: unknown };
    expect(Number(withoutAddress.n)).to.equal(0);
    // The triggers journalled every contact, appointment, task and assignment.
    expect(await rows(db(), 'dav_change_journal') - journalBefore).to.be.at.least(1500 + 200 * 2 + 80 * 2);
    // Foreign keys are enforced again afterwards (MySQL switched them off for the bulk insert).
    let failed = false;
    try {
      await db()('contact_emails').insert({ contact_id: 99_999_999, position: 0, type: 'work', address: 'x@example.ch' });
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });

  it('a second run appends with new ids; unknown users and bad numbers fail', async () => {
    const run = await cli(db(), 'seed', '--contacts', '10', '--user', 'bulk.user');
    expect(run.code, run.err).to.equal(0);
    expect(await rows(db(), 'contacts')).to.equal(1510);
    const unknown = await cli(db(), 'seed', '--contacts', '10', '--user', 'nobody');
    expect(unknown.code).to.equal(1);
    expect(unknown.err).to.contain('Unknown user "nobody"');
    const bad = await cli(db(), 'seed', '--contacts', 'many', '--user', 'bulk.user');
    expect(bad.code).to.equal(1);
    expect(bad.err).to.contain('--contacts must be a whole number');
    const nothing = await cli(db(), 'seed');
    expect(nothing.code).to.equal(1);
  });

  it('every count is optional: --events alone writes appointments only, and the help shows the counts as optional', async () => {
    const contactsBefore = await rows(db(), 'contacts');
    const appointmentsBefore = await rows(db(), 'appointments');
    const run = await cli(db(), 'seed', '--events', '5', '--user', 'bulk.user');
    expect(run.code, run.err).to.equal(0);
    expect(await rows(db(), 'contacts')).to.equal(contactsBefore);
    expect(await rows(db(), 'appointments')).to.equal(appointmentsBefore + 5);
    const help = await cli(db(), 'seed', '--help');
    expect(help.out).to.contain('seed [--contacts N] [--events M] [--tasks K] --user LOGIN');
    const nothing = await cli(db(), 'seed', '--user', 'bulk.user');
    expect(nothing.err).to.contain('Usage: seed --demo | seed [--contacts N] [--events M] [--tasks K] --user LOGIN');
  });
});
