import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { clientFixture } from '../support/fixtures.ts';

const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const CAL = '/dav/calendars/max.muster/brokerstar/';
const TASKS = '/dav/calendars/max.muster/brokerstar-tasks/';
const VCF = { 'Content-Type': 'text/vcard; charset=utf-8' };
const ICS = { 'Content-Type': 'text/calendar; charset=utf-8' };

const unfold = (text: string) => text.replace(/\r?\n[ \t]/g, '');

/**
 * Round trips with what each client really sends (test/fixtures/clients): the CRM gets the fields
 * BrokerStar owns, everything else survives a GET and a later edit made in BrokerStar.
 */
forEachDatabase('round trip of client data', (db) => {
  const app = demoAppForSuite(db);

  it('iOS contact: CRM fields set; photo, labels, categories, IMPP survive a BrokerStar edit', async () => {
    const body = clientFixture('ios-contact-person.vcf');
    const href = `${BOOK}8D3F4C2A-1B2C-4D5E-9F01-23456789ABCD.vcf`;
    const put = await dav(app, 'PUT', href, { body, headers: { ...VCF, 'If-None-Match': '*' } });
    expect(put.status).to.equal(201);
    expect((await dav(app, 'GET', href)).text, 'stored as sent').to.equal(body);
    const object = await db()('dav_objects').where({ kind: 'contact', uid: '8D3F4C2A-1B2C-4D5E-9F01-23456789ABCD' }).first();
    const row = await db()('contacts').where({ id: object.object_id }).first();
    expect(row).to.include({ last_name: 'Müller', first_name: 'Hans' });
    expect(row).to.include({ company: 'Müller Treuhand AG', department: 'Buchhaltung', position: 'Geschäftsführer' });
    expect(String(row.birthday).slice(0, 10)).to.equal('1968-04-23');
    const phones = await db()('contact_phones').where({ contact_id: row.id }).orderBy('position').pluck('number');
    expect(phones).to.include.members(['+41 79 123 45 67', '+41 44 555 12 34']);
    const city = await db()('contact_addresses').where({ contact_id: row.id }).first();
    expect(city).to.include({ street: 'Bahnhofstrasse 12', city: 'Zürich', postal_code: '8001' });

    await db()('contacts').where({ id: row.id }).update({ position: 'Verwaltungsrat' });
    const after = unfold((await dav(app, 'GET', href)).text);
    expect(after).to.match(/^TITLE:Verwaltungsrat\r?$/m);
    for (const kept of ['PHOTO;ENCODING=b;TYPE=JPEG:AAECAwQFBgcICQoLDA0ODxAREhMUFRYX', 'item3.X-ABLabel:Zentrale', 'CATEGORIES:Kunden,VIP', 'IMPP;X-SERVICE-TYPE=Skype', 'X-SOCIALPROFILE;type=linkedin', 'item6.X-ABRELATEDNAMES']) {
      expect(after).to.contain(kept);
    }
    expect(after).to.contain('UID:8D3F4C2A-1B2C-4D5E-9F01-23456789ABCD');
  });

  it('iOS/macOS group card is refused with need-privileges (BrokerStar has no contact groups)', async () => {
    const res = await dav(app, 'PUT', `${BOOK}F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9.vcf`, { body: clientFixture('ios-group.vcf'), headers: VCF });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('need-privileges');
  });

  it('DAVx5 vCard 4.0: fields mapped, served as 3.0 unless 4.0 is asked for', async () => {
    const href = `${BOOK}6e1f2a3b-davx5.vcf`;
    expect((await dav(app, 'PUT', href, { body: clientFixture('davx5-contact-4.0.vcf'), headers: { 'Content-Type': 'text/vcard;version=4.0', 'If-None-Match': '*' } })).status).to.equal(201);
    const row = await db()('contacts').where({ last_name: 'Rossi', first_name: 'Luca' }).first();
    expect(await db()('contact_emails').where({ contact_id: row.id }).pluck('address')).to.deep.equal(['luca.rossi@example.ch']);
    const v3 = await dav(app, 'GET', href);
    expect(v3.text).to.contain('VERSION:3.0').and.contain('X-PHONETIC-LAST-NAME:Rossi');
  });

  it('iOS recurring event: exceptions, moved instance and alarm survive a BrokerStar edit of the title', async () => {
    const body = clientFixture('ios-recurring-event.ics');
    const href = `${CAL}A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF.ics`;
    expect((await dav(app, 'PUT', href, { body, headers: { ...ICS, 'If-None-Match': '*' } })).status).to.equal(201);
    const row = await db()('appointments').where({ title: 'Team-Meeting' }).first();
    expect(row.time_zone).to.equal('Europe/Zurich');
    expect(row.rrule).to.contain('FREQ=WEEKLY');
    await db()('appointments').where({ id: row.id }).update({ title: 'Team-Meeting Vertrieb' });
    const after = unfold((await dav(app, 'GET', href)).text);
    expect(after).to.contain('SUMMARY:Team-Meeting Vertrieb');
    expect(after).to.contain('EXDATE;TZID=Europe/Zurich:20250120T090000');
    expect(after).to.contain('RECURRENCE-ID;TZID=Europe/Zurich:20250127T090000');
    expect(after).to.contain('SUMMARY:Team-Meeting (verschoben)');
    expect(after).to.contain('BEGIN:VALARM').and.contain('TRIGGER:-PT10M');
    expect(after).to.contain('X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC');
  });

  it('Outlook event with a Windows zone name maps to IANA in BrokerStar and keeps its own TZID', async () => {
    const body = clientFixture('outlook-caldavsynchronizer-event.ics');
    const uid = /^UID:(.+)$/m.exec(body)![1]!.trim();
    expect((await dav(app, 'PUT', `${CAL}${uid}.ics`, { body, headers: { ...ICS, 'If-None-Match': '*' } })).status).to.equal(201);
    const row = await db()('appointments').where({ title: 'Beratung Hypothek Familie Müller' }).first();
    expect(row.time_zone).to.equal('Europe/Berlin');
    expect(String(row.starts_at)).to.match(/^2025-06-12[ T]08:00:00/);
    expect((await dav(app, 'GET', `${CAL}${uid}.ics`)).text).to.equal(body);
  });

  it('Thunderbird VTODO: status, priority, percent and due reach BrokerStar; X-MOZ properties survive', async () => {
    const body = clientFixture('thunderbird-task.ics');
    const href = `${TASKS}8b2e1f0a-3c4d-4e5f-a6b7-c8d9e0f1a2b3.ics`;
    expect((await dav(app, 'PUT', href, { body, headers: ICS })).status).to.equal(201);
    const row = await db()('tasks').where({ title: 'Police erneuern' }).first();
    expect(row).to.include({ status: 'done', priority: 'low' });
    expect(Number(row.percent_complete)).to.equal(100);
    expect(String(row.due_at)).to.match(/^2025-03-07/);
    await db()('tasks').where({ id: row.id }).update({ status: 'open', percent_complete: 0, completed_at: null });
    const after = (await dav(app, 'GET', href)).text;
    expect(after).to.contain('STATUS:NEEDS-ACTION').and.contain('X-MOZ-GENERATION:3').and.not.contain('COMPLETED:2025');
  });
});
