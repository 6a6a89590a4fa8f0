import { expect } from 'chai';
import type Koa from 'koa';
import type { Knex } from 'knex';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData } from '../support/davApp.ts';
import { parseMultistatus } from '../support/multistatus.ts';
import { parseXml } from '../../src/adapters/http/dav/xml/parse.ts';
import { dav as d } from '../../src/adapters/http/dav/xml/names.ts';
import { BOOK, CAL, TASKS, XML, listing, poll, sync } from '../http/reports/reportHelpers.ts';

type Kind = 'contacts' | 'calendar' | 'tasks';
const PATHS: Record<Kind, (login?: string) => string> = { contacts: BOOK, calendar: CAL, tasks: TASKS };
const HREF: Record<Kind, (id: number, login?: string) => string> = {
  contacts: (id, login) => `${BOOK(login)}brokerstar-contact-${id}.vcf`,
  calendar: (id, login) => `${CAL(login)}brokerstar-appointment-${id}.ics`,
  tasks: (id, login) => `${TASKS(login)}brokerstar-task-${id}.ics`,
};

interface Expected {
  readonly changed?: readonly string[];
  readonly removed?: readonly string[];
}

/**
 * What one device per collection sees: it has synced (tokens and listings), the CRM is changed with
 * raw SQL, and the next poll must show a new ctag/token exactly where something changed, with a
 * sync-collection answer holding exactly the expected hrefs.
 */
class Device {
  private state = new Map<Kind, { ctag: string; token: string; list: Map<string, string> }>();

  constructor(private readonly app: Koa, readonly login: string) {}

  async syncAll(): Promise<void> {
    for (const kind of ['contacts', 'calendar', 'tasks'] as const) {
      const path = PATHS[kind](this.login);
      const { ctag, token } = await poll(this.app, path, this.login);
      this.state.set(kind, { ctag, token, list: await listing(this.app, path, this.login) });
    }
  }

  /** Polls all three collections; those not in `expected` must be unchanged. */
  async expectChanges(expected: Partial<Record<Kind, Expected>>): Promise<void> {
    for (const kind of ['contacts', 'calendar', 'tasks'] as const) {
      const path = PATHS[kind](this.login);
      const before = this.state.get(kind)!;
      const now = await poll(this.app, path, this.login);
      const want = expected[kind];
      const r = await sync(this.app, path, before.token, { as: this.login });
      if (!want) {
        expect(now, `${this.login} ${kind}: unchanged poll`).to.deep.equal({ ctag: before.ctag, token: before.token });
        expect(r.changed.size + r.removed.length, `${kind}: nothing to sync`).to.equal(0);
        continue;
      }
      expect(now.token, `${kind}: new token`).to.not.equal(before.token);
      expect(now.ctag, `${kind}: new ctag`).to.not.equal(before.ctag);
      expect(r.token).to.equal(now.token);
      expect([...r.changed.keys()].sort(), `${kind}: changed`).to.deep.equal([...(want.changed ?? [])].sort());
      expect([...r.removed].sort(), `${kind}: removed`).to.deep.equal([...(want.removed ?? [])].sort());
      const list = await listing(this.app, path, this.login);
      for (const href of want.changed ?? []) {
        expect(r.changed.get(href), `${href}: new ETag`).to.not.equal(before.list.get(href));
        expect(list.get(href), `${href}: listed with the reported ETag`).to.equal(r.changed.get(href));
      }
      for (const href of want.removed ?? []) expect(list.has(href), `${href} gone from the listing`).to.equal(false);
      // Everything else is untouched.
      for (const [href, etag] of list) if (!(want.changed ?? []).includes(href)) expect(etag, href).to.equal(before.list.get(href));
      this.state.set(kind, { ctag: now.ctag, token: now.token, list });
    }
  }
}

async function idOf(db: Knex, table: string, where: Record<string, unknown>): Promise<number> {
  const row = await db(table).where(where).first('id');
  expect(row, `${table} ${JSON.stringify(where)}`).to.not.equal(undefined);
  return Number(row.id);
}

forEachDatabase('Changes made by the BrokerStar web application (raw SQL) reach devices', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  let max: Device;
  let sandra: Device;
  const ids: Record<string, number> = {};
  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db()));
    for (const login of ['max.muster', 'sandra.keller', 'lisa.admin']) ids[login] = await idOf(db(), 'users', { login });
    max = new Device(app, 'max.muster');
    sandra = new Device(app, 'sandra.keller');
  });
  beforeEach(async () => {
    await max.syncAll();
    await sandra.syncAll();
  });
  after(async () => close());

  it('an unrelated change (an appointment of lisa only) changes no token of max', async () => {
    const id = await idOf(db(), 'appointments', { title: 'Wochenplanung' });
    await db()('appointments').where('id', id).update({ location: 'Büro Bern' });
    await max.expectChanges({});
  });

  it('editing a contact\'s name: max (owner) and nobody else\'s calendar sees it', async () => {
    const id = await idOf(db(), 'contacts', { last_name: 'Wyss' });
    await db()('contacts').where('id', id).update({ first_name: 'Lukas Andreas' });
    await max.expectChanges({ contacts: { changed: [HREF.contacts(id)] } });
    await sandra.expectChanges({});
  });

  it('changing only a phone number (a sub-record) changes the contact, and the appointment and task that show it (issue 13)', async () => {
    const id = await idOf(db(), 'contacts', { last_name: 'Müller' });
    const appointment = await idOf(db(), 'appointments', { title: 'Beratungsgespräch Vorsorge Hans Müller' });
    const task = await idOf(db(), 'tasks', { title: 'Offerte Hausrat erstellen' });
    const phone = await db()('contact_phones').where('contact_id', id).first('id');
    await db()('contact_phones').where('id', phone.id).update({ number: '+41 44 000 00 00' });
    await max.expectChanges({
      contacts: { changed: [HREF.contacts(id)] }, calendar: { changed: [HREF.calendar(appointment)] }, tasks: { changed: [HREF.tasks(task)] },
    });
  });

  it('creating a contact for sandra reaches sandra and max (TEAM scope), deleting it removes it from both', async () => {
    const [id] = await db()('contacts').insert({ owner_id: ids['sandra.keller'], first_name: 'Neu', last_name: 'Kundin' });
    await db()('contact_emails').insert({ contact_id: Number(id), type: 'work', address: 'neu@kundin.ch' });
    await max.expectChanges({ contacts: { changed: [HREF.contacts(Number(id))] } });
    await sandra.expectChanges({ contacts: { changed: [HREF.contacts(Number(id), 'sandra.keller')] } });
    await db()('contacts').where('id', Number(id)).delete();
    await max.expectChanges({ contacts: { removed: [HREF.contacts(Number(id))] } });
    await sandra.expectChanges({ contacts: { removed: [HREF.contacts(Number(id), 'sandra.keller')] } });
  });

  it('sharing a contact of lisa with max adds it; unsharing removes it', async () => {
    const id = await idOf(db(), 'contacts', { last_name: 'Graf' });
    await db()('contact_shares').insert({ contact_id: id, user_id: ids['max.muster'] });
    await max.expectChanges({ contacts: { changed: [HREF.contacts(id)] } });
    await sandra.expectChanges({});
    await db()('contact_shares').where({ contact_id: id, user_id: ids['max.muster'] }).delete();
    await max.expectChanges({ contacts: { removed: [HREF.contacts(id)] } });
  });

  it('sandra leaving max\'s team removes her contacts from max\'s book; rejoining brings them back', async () => {
    const membership = await db()('team_memberships').where('user_id', ids['sandra.keller']).first('team_id');
    const sandras: number[] = (await db()('contacts').where('owner_id', ids['sandra.keller']).select('id')).map((r: { id: unknown }) => Number(r.id));
    const hrefs = sandras.map((id) => HREF.contacts(id));
    await db()('team_memberships').where({ team_id: membership.team_id, user_id: ids['sandra.keller'] }).delete();
    await max.expectChanges({ contacts: { removed: hrefs } });
    await sandra.expectChanges({}); // scope OWN: her own book is unaffected
    await db()('team_memberships').insert({ team_id: membership.team_id, user_id: ids['sandra.keller'] });
    // Back: reported as changed again (the device deleted them locally when they were removed).
    await max.expectChanges({ contacts: { changed: hrefs } });
  });

  it('changing max\'s scope to OWN removes team contacts, to ALL adds everyone\'s, back to TEAM restores', async () => {
    const sandras: number[] = (await db()('contacts').where('owner_id', ids['sandra.keller']).select('id')).map((r: { id: unknown }) => Number(r.id));
    const bonvin = await idOf(db(), 'contacts', { last_name: 'Bonvin' }); // shared with max, stays
    await db()('users').where('id', ids['max.muster']).update({ contact_scope: 'OWN' });
    await max.expectChanges({ contacts: { removed: sandras.map((id) => HREF.contacts(id)) } });
    expect((await listing(app, BOOK())).has(HREF.contacts(bonvin))).to.equal(true);
    const maxOwnOrShared = new Set([...(await listing(app, BOOK())).keys()]);
    await db()('users').where('id', ids['max.muster']).update({ contact_scope: 'ALL' });
    const everyone: number[] = (await db()('contacts').select('id')).map((r: { id: unknown }) => Number(r.id));
    // Before this poll max still had OWN; the new ones are all contacts he did not see.
    const expectedNew = everyone.map((id) => HREF.contacts(id)).filter((h) => !maxOwnOrShared.has(h));
    await max.expectChanges({ contacts: { changed: expectedNew } });
    await db()('users').where('id', ids['max.muster']).update({ contact_scope: 'TEAM' });
    const removedAgain = everyone.map((id) => HREF.contacts(id))
      .filter((h) => !maxOwnOrShared.has(h) && !sandras.some((id) => HREF.contacts(id) === h));
    await max.expectChanges({ contacts: { removed: removedAgain } });
  });

  it('reassigning an appointment from max to sandra moves it between their calendars', async () => {
    const id = await idOf(db(), 'appointments', { title: 'Zahnarzt (privat)' });
    await db()('appointment_assignees').where({ appointment_id: id, user_id: ids['max.muster'] }).update({ user_id: ids['sandra.keller'] });
    await max.expectChanges({ calendar: { removed: [HREF.calendar(id)] } });
    await sandra.expectChanges({ calendar: { changed: [HREF.calendar(id, 'sandra.keller')] } });
  });

  it('completing a task (status, percent, completed_at) is a new ETag with STATUS:COMPLETED', async () => {
    const id = await idOf(db(), 'tasks', { title: 'Offerte Hausrat erstellen' });
    await db()('tasks').where('id', id).update({ status: 'done', percent_complete: 100, completed_at: '2026-11-20 10:00:00.000' });
    await max.expectChanges({ tasks: { changed: [HREF.tasks(id)] } });
    const res = await dav(app, 'GET', HREF.tasks(id));
    expect(res.status).to.equal(200);
    expect(res.text).to.match(/STATUS:COMPLETED/);
  });

  it('a group\'s sync flag off: 403 need-privileges and no longer listed; on again: listed and syncing', async () => {
    const groupId = (await db()('users').where('id', ids['max.muster']).first('group_id')).group_id;
    await db()('user_groups').where('id', groupId).update({ sync_calendar: 0 });
    const propfind = `${XML}<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:displayname/></D:prop></D:propfind>`;
    const denied = await dav(app, 'PROPFIND', CAL(), { depth: '0', body: propfind });
    expect(denied.status).to.equal(403);
    expect(parseXml(denied.text).children.map((c) => c.name)).to.include(d('need-privileges'));
    const report = await dav(app, 'REPORT', CAL(), { depth: '0', body: `${XML}<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>` });
    expect(report.status).to.equal(403);
    const home = await dav(app, 'PROPFIND', '/dav/calendars/max.muster/', { depth: '1', body: propfind });
    expect(home.status).to.equal(207);
    const hrefs = parseMultistatus(home.text).responses.map((r) => r.href);
    expect(hrefs).to.not.include(CAL());
    expect(hrefs).to.include(TASKS());
    await db()('user_groups').where('id', groupId).update({ sync_calendar: 1 });
    const again = parseMultistatus((await dav(app, 'PROPFIND', '/dav/calendars/max.muster/', { depth: '1', body: propfind })).text);
    expect(again.responses.map((r) => r.href)).to.include(CAL());
    // Devices that kept their token while the flag was off still sync from it.
    await max.expectChanges({});
  });
});
