import { expect } from 'chai';
import type Koa from 'koa';
import type { Knex } from 'knex';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData } from '../support/davApp.ts';
import { brokerStarDav } from '../../src/index.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { caldav } from '../../src/adapters/http/dav/xml/names.ts';
import { CAL, NS, TASKS, XML, poll, sync } from '../http/reports/reportHelpers.ts';
import { icsProperty, blockCount } from './icsText.ts';

/** Issue 13: appointments and tasks show their customer, and devices round-trip it cleanly. */
forEachDatabase('CRM context on appointments and tasks', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  const id = async (table: string, where: Record<string, unknown>) => Number((await db()(table).where(where).first('id')).id);
  const appointmentHref = (appointmentId: number, login = 'max.muster') => `${CAL(login)}brokerstar-appointment-${appointmentId}.ics`;
  const taskHref = (taskId: number, login = 'max.muster') => `${TASKS(login)}brokerstar-task-${taskId}.ics`;
  const get = async (href: string, as = 'max.muster') => {
    const res = await dav(app, 'GET', href, { as });
    expect(res.status, href).to.equal(200);
    return { body: res.text, etag: String(res.headers.etag) };
  };

  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db()));
  });
  after(async () => close());

  it('GET: the appointment shows the customer in DESCRIPTION, the BrokerStar URL and LOCATION from the customer\'s address', async () => {
    const appointmentId = await id('appointments', { title: 'Besprechung BVG-Lösung Rhein Logistik' });
    const { body } = await get(appointmentHref(appointmentId));
    const description = icsProperty(body, 'DESCRIPTION');
    expect(description).to.include('Kunde: Rhein Logistik AG');
    expect(description).to.include('+41 61 690 50 50');
    expect(description).to.include('E-Mail: info@rhein-logistik.ch');
    expect(description, 'BrokerStar\'s own note follows the block').to.include('Vorsorgeausweise aller Mitarbeitenden mitnehmen.');
    expect(blockCount(body)).to.equal(1);
    expect(icsProperty(body, 'URL')).to.equal(`https://public.brokerstar.biz/appointments/${appointmentId}`);
    expect(icsProperty(body, 'LOCATION')).to.equal('Hafenstrasse 20, 4051 Basel');
    // An appointment with a location of its own keeps it.
    const hans = await get(appointmentHref(await id('appointments', { title: 'Beratungsgespräch Vorsorge Hans Müller' })));
    expect(icsProperty(hans.body, 'LOCATION')).to.equal('Seestrasse 45, Horgen');
    expect(icsProperty(hans.body, 'DESCRIPTION')).to.include('Kunde: Hans Müller');
  });

  it('calendar-query returns the same context', async () => {
    const appointmentId = await id('appointments', { title: 'Besprechung BVG-Lösung Rhein Logistik' });
    const res = await dav(app, 'REPORT', CAL(), {
      depth: '1',
      body: `${XML}<C:calendar-query ${NS}><D:prop><D:getetag/><C:calendar-data/></D:prop>` +
        '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter></C:calendar-query>',
    });
    expect(res.status).to.equal(207);
    const found = parseMultistatus(res.text).byHref.get(appointmentHref(appointmentId));
    expect(found, 'the appointment is in the answer').to.not.equal(undefined);
    const data = prop(found, caldav('calendar-data'))?.text ?? '';
    expect(icsProperty(data, 'DESCRIPTION')).to.include('+41 61 690 50 50');
    expect(icsProperty(data, 'URL')).to.equal(`https://public.brokerstar.biz/appointments/${appointmentId}`);
    expect(icsProperty(data, 'LOCATION')).to.equal('Hafenstrasse 20, 4051 Basel');
  });

  it('GET: the task shows its customer and URL', async () => {
    const taskId = await id('tasks', { title: 'Offerte Hausrat erstellen' });
    const { body } = await get(taskHref(taskId));
    const description = icsProperty(body, 'DESCRIPTION');
    expect(description).to.include('Kunde: Hans Müller');
    expect(description).to.include('+41 79 312 45 67');
    expect(description).to.include('E-Mail: hans.mueller@bluewin.ch');
    expect(icsProperty(body, 'URL')).to.equal(`https://public.brokerstar.biz/tasks/${taskId}`);
  });

  it('PUT of the fetched body with only SUMMARY changed: the note and location stay BrokerStar\'s, the block appears once', async () => {
    const appointmentId = await id('appointments', { title: 'Besprechung BVG-Lösung Rhein Logistik' });
    const { body, etag } = await get(appointmentHref(appointmentId));
    const edited = body.replace(/^SUMMARY:.*$/m, 'SUMMARY:BVG-Lösung Rhein Logistik (verschoben)');
    const put = await dav(app, 'PUT', appointmentHref(appointmentId), { body: edited, headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-Match': etag } });
    expect(put.status).to.equal(204);
    const row = await db()('appointments').where('id', appointmentId).first('title', 'description', 'location');
    expect(row).to.deep.equal({ title: 'BVG-Lösung Rhein Logistik (verschoben)', description: 'Vorsorgeausweise aller Mitarbeitenden mitnehmen.', location: null });
    const again = await get(appointmentHref(appointmentId));
    expect(blockCount(again.body)).to.equal(1);
    expect(icsProperty(again.body, 'LOCATION')).to.equal('Hafenstrasse 20, 4051 Basel');
  });

  it('PUT with the note edited outside the block: the edit reaches BrokerStar, the block does not', async () => {
    const taskId = await id('tasks', { title: 'Offerte Hausrat erstellen' });
    const { body, etag } = await get(taskHref(taskId));
    const description = icsProperty(body, 'DESCRIPTION')!;
    const withNote = `${description}\n\nOfferte bis Freitag.`;
    const edited = body.replace(/^DESCRIPTION:(?:.*)(?:\r?\n[ \t].*)*/m, `DESCRIPTION:${escapeText(withNote)}`);
    const put = await dav(app, 'PUT', taskHref(taskId), { body: edited, headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-Match': etag } });
    expect(put.status).to.equal(204);
    expect((await db()('tasks').where('id', taskId).first('description')).description).to.equal('Offerte bis Freitag.');
    const again = await get(taskHref(taskId));
    expect(blockCount(again.body)).to.equal(1);
    expect(icsProperty(again.body, 'DESCRIPTION')).to.include('Offerte bis Freitag.');
  });

  it('a phone change in SQL reaches every assignee\'s next sync-collection, with the new number', async () => {
    const rhein = await id('contacts', { company: 'Rhein Logistik AG' });
    const appointmentId = await id('appointments', { title: 'BVG-Lösung Rhein Logistik (verschoben)' });
    const taskId = await id('tasks', { title: 'BVG-Offerte Rhein Logistik finalisieren' });
    const tokens = {
      maxCal: (await poll(app, CAL())).token, maxTasks: (await poll(app, TASKS())).token,
      lisaTasks: (await poll(app, TASKS('lisa.admin'), 'lisa.admin')).token,
    };
    await db()('contact_phones').where('contact_id', rhein).update({ number: '+41 61 999 99 99' });
    const maxCal = await sync(app, CAL(), tokens.maxCal);
    expect([...maxCal.changed.keys()]).to.deep.equal([appointmentHref(appointmentId)]);
    const maxTasks = await sync(app, TASKS(), tokens.maxTasks);
    expect([...maxTasks.changed.keys()]).to.deep.equal([taskHref(taskId)]);
    const lisaTasks = await sync(app, TASKS('lisa.admin'), tokens.lisaTasks, { as: 'lisa.admin' });
    expect([...lisaTasks.changed.keys()]).to.deep.equal([taskHref(taskId, 'lisa.admin')]);
    const appointment = await get(appointmentHref(appointmentId));
    expect(icsProperty(appointment.body, 'DESCRIPTION')).to.include('+41 61 999 99 99').and.not.include('+41 61 690 50 50');
    expect(appointment.etag, 'the reported ETag is the served one').to.equal(maxCal.changed.get(appointmentHref(appointmentId)));
    const task = await get(taskHref(taskId, 'lisa.admin'), 'lisa.admin');
    expect(icsProperty(task.body, 'DESCRIPTION')).to.include('+41 61 999 99 99');
  });

  it('an appointment linked to a contact the user cannot see carries none of its details', async () => {
    const appointmentId = await id('appointments', { title: 'Jahresgespräch Muster AG' });
    const { body } = await get(appointmentHref(appointmentId));
    expect(icsProperty(body, 'DESCRIPTION')).to.include('Kunde: (nicht sichtbar)');
    for (const detail of ['+41 44 200 10 10', 'info@muster.ch', 'Muster AG\\nTel', 'contacts/']) expect(body).to.not.include(detail);
    // Lisa (scope ALL) gets the same shared representation: nothing of the contact leaks through her either.
    const lisa = await get(appointmentHref(appointmentId, 'lisa.admin'), 'lisa.admin');
    expect(lisa.body).to.not.include('+41 44 200 10 10');
  });

  it('assigning a user who cannot see the customer hides the details for everyone at their next sync', async () => {
    const taskId = await id('tasks', { title: 'Offerte Hausrat erstellen' });
    const token = (await poll(app, TASKS())).token;
    const anna = await id('users', { login: 'anna.beispiel' });
    expect((await get(taskHref(taskId))).body).to.include('Kunde: Hans Müller');
    await db()('task_assignees').insert({ task_id: taskId, user_id: anna });
    const changes = await sync(app, TASKS(), token);
    expect([...changes.changed.keys()]).to.include(taskHref(taskId));
    const { body } = await get(taskHref(taskId));
    expect(body).to.include('Kunde: (nicht sichtbar)').and.not.include('+41 79 312 45 67');
    await db()('task_assignees').where({ task_id: taskId, user_id: anna }).delete();
    expect((await get(taskHref(taskId))).body).to.include('+41 79 312 45 67');
  });
});

forEachDatabase('CRM context settings', (db) => {
  const stops: Array<() => Promise<void>> = [];
  before(async () => seedDemoData(db()));
  after(async () => { for (const stop of stops) await stop(); });
  const appointmentOf = async (app: Koa, knex: Knex) => {
    const appointmentId = Number((await knex('appointments').where({ title: 'Besprechung BVG-Lösung Rhein Logistik' }).first('id')).id);
    const res = await dav(app, 'GET', `${CAL()}brokerstar-appointment-${appointmentId}.ics`);
    return { appointmentId, body: res.text };
  };

  // First: representations rendered once stay until the object changes (see README).
  it('switched off, appointments and tasks carry no context (and a block sent back is still kept out of the note)', async () => {
    const { app, close } = await createDavApp(db(), { context: { enabled: false } });
    stops.push(close);
    const { body } = await appointmentOf(app, db());
    expect(body).to.not.include('[BrokerStar]').and.not.include('public.brokerstar.biz');
    expect(icsProperty(body, 'DESCRIPTION')).to.equal('Vorsorgeausweise aller Mitarbeitenden mitnehmen.');
    expect(icsProperty(body, 'LOCATION')).to.equal(null);
  });

  it('the web address and record patterns come from the settings', async () => {
    const { app, close } = await createDavApp(db(), { context: { webUrl: 'https://crm.example.ch/', appointmentUrl: 'termine/{id}', contactUrl: 'https://kunden.example.ch/k/{id}' } });
    stops.push(close);
    const { appointmentId, body } = await appointmentOf(app, db());
    const rhein = Number((await db()('contacts').where({ company: 'Rhein Logistik AG' }).first('id')).id);
    expect(icsProperty(body, 'URL')).to.equal(`https://crm.example.ch/termine/${appointmentId}`);
    expect(icsProperty(body, 'DESCRIPTION')).to.include(`BrokerStar: https://kunden.example.ch/k/${rhein}`);
  });

  it('a pattern without {id} or a web address that is not http(s) stops the start', () => {
    expect(() => brokerStarDav({ knex: db(), context: { taskUrl: '/tasks' } })).to.throw(/taskUrl.*\{id\}/);
    expect(() => brokerStarDav({ knex: db(), context: { webUrl: 'javascript:alert(1)' } })).to.throw(/webUrl/);
  });

});

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');
}

forEachDatabase('CRM context on contacts: BrokerStar link and customer categories', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db()));
  });
  after(async () => close());
  const hansId = async () => Number((await db()('contacts').where({ last_name: 'Müller', first_name: 'Hans' }).first('id')).id);
  const card = async (id: number) => {
    const res = await dav(app, 'GET', `${BOOK}brokerstar-contact-${id}.vcf`);
    expect(res.status).to.equal(200);
    return { body: res.text.replace(/\r?\n[ \t]/g, ''), etag: String(res.headers.etag) };
  };

  it('a contact carries URL to its BrokerStar record and its customer categories', async () => {
    const id = await hansId();
    const { body } = await card(id);
    expect(body).to.include(`brokerstar.URL:https://public.brokerstar.biz/contacts/${id}`);
    expect(body).to.include('brokerstar.X-ABLabel:BrokerStar');
    expect(body).to.include('brokerstar.CATEGORIES:Privatkunde,VIP');
  });

  it('a device sending the card back (link moved to another group) changes neither website nor categories, and no link is duplicated', async () => {
    const id = await hansId();
    const { body, etag } = await card(id);
    const link = `https://public.brokerstar.biz/contacts/${id}`;
    const edited = body.replace(/^brokerstar\.URL:/m, 'item9.URL:').replace(/^brokerstar\.X-ABLabel:/m, 'item9.X-ABLabel:')
      .replace(/^NOTE:.*$/m, 'NOTE:Kunde seit 2012. Neu: Velo versichert.');
    const put = await dav(app, 'PUT', `${BOOK}brokerstar-contact-${id}.vcf`, { body: edited, headers: { 'Content-Type': 'text/vcard; charset=utf-8', 'If-Match': etag } });
    expect(put.status, put.text).to.equal(204);
    const row = await db()('contacts').where('id', id).first('website', 'notes');
    expect(row).to.deep.equal({ website: null, notes: 'Kunde seit 2012. Neu: Velo versichert.' });
    // A change in BrokerStar re-renders the card: one link, in BrokerStar's group.
    const vip = Number((await db()('contact_categories').where({ name: 'VIP' }).first('id')).id);
    await db()('contact_category_links').where({ contact_id: id, category_id: vip }).delete();
    const again = (await card(id)).body;
    expect(again.split(link).length - 1, 'the link once').to.equal(1);
    expect(again).to.include(`brokerstar.URL:${link}`).and.include('brokerstar.CATEGORIES:Privatkunde').and.not.include('VIP');
  });

  it('linking a category in SQL reaches the address book\'s next sync-collection', async () => {
    const id = await hansId();
    const token = (await poll(app, BOOK)).token;
    const vip = Number((await db()('contact_categories').where({ name: 'VIP' }).first('id')).id);
    await db()('contact_category_links').insert({ contact_id: id, category_id: vip });
    const changes = await sync(app, BOOK, token);
    expect([...changes.changed.keys()]).to.deep.equal([`${BOOK}brokerstar-contact-${id}.vcf`]);
    expect((await card(id)).body).to.include('brokerstar.CATEGORIES:Privatkunde,VIP');
  });
});
