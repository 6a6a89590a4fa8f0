import { expect } from 'chai';
import type Koa from 'koa';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData, settled } from '../support/davApp.ts';
import { clientFixture, tableCounts } from '../support/fixtures.ts';

const CAL = '/dav/calendars/max.muster/brokerstar/';
const TASKS = '/dav/calendars/max.muster/brokerstar-tasks/';
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const ICS = { 'Content-Type': 'text/calendar; charset=utf-8' };
const VCF = { 'Content-Type': 'text/vcard; charset=utf-8' };

function event(uid: string, summary = 'Termin'): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261101T090000Z',
    'DTSTART:20261210T090000Z', 'DTEND:20261210T100000Z', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}
function todo(uid: string): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VTODO', `UID:${uid}`, 'DTSTAMP:20261101T090000Z',
    'SUMMARY:Aufgabe', 'END:VTODO', 'END:VCALENDAR', ''].join('\r\n');
}
function card(uid: string | null, name = 'Muster'): string {
  return ['BEGIN:VCARD', 'VERSION:3.0', ...(uid ? [`UID:${uid}`] : []), `N:${name};Hans;;;`, `FN:Hans ${name}`, 'END:VCARD', ''].join('\r\n');
}

/**
 * Every refused write of issue "two-way sync" §3: status, precondition element, and the database
 * unchanged afterwards (RFC 4791 §5.3.2.1, RFC 6352 §6.3.2.1, RFC 4918 §16, RFC 7232).
 */
forEachDatabase('refused writes', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db(), { maxResourceSize: 64 * 1024 }));
    expect((await dav(app, 'PUT', `${CAL}existing.ics`, { body: event('existing-uid'), headers: ICS })).status).to.equal(201);
    expect((await dav(app, 'PUT', `${BOOK}existing.vcf`, { body: card('existing-card'), headers: VCF })).status).to.equal(201);
  });
  after(async () => close());

  const cases: Array<{ title: string; as?: string; method: string; path: string; body?: string; headers: Record<string, string>; status: number; condition?: RegExp }> = [
    { title: 'stale If-Match', method: 'PUT', path: `${CAL}existing.ics`, body: event('existing-uid', 'x'), headers: { ...ICS, 'If-Match': '"stale"' }, status: 412 },
    { title: 'If-None-Match: * on an existing href', method: 'PUT', path: `${CAL}existing.ics`, body: event('existing-uid'), headers: { ...ICS, 'If-None-Match': '*' }, status: 412 },
    { title: 'same UID under another href (calendar)', method: 'PUT', path: `${CAL}other.ics`, body: event('existing-uid'), headers: ICS, status: 409, condition: /<cal:no-uid-conflict><d:href>\/dav\/calendars\/max\.muster\/brokerstar\/existing\.ics<\/d:href>/ },
    { title: 'same UID under another href (address book)', method: 'PUT', path: `${BOOK}other.vcf`, body: card('existing-card'), headers: VCF, status: 409, condition: /<card:no-uid-conflict><d:href>\/dav\/addressbooks\/max\.muster\/brokerstar\/existing\.vcf<\/d:href>/ },
    { title: 'VTODO into the calendar', method: 'PUT', path: `${CAL}todo.ics`, body: todo('t1'), headers: ICS, status: 403, condition: /supported-calendar-component/ },
    { title: 'VEVENT into the task list', method: 'PUT', path: `${TASKS}event.ics`, body: event('e1'), headers: ICS, status: 403, condition: /supported-calendar-component/ },
    { title: 'malformed iCalendar', method: 'PUT', path: `${CAL}bad.ics`, body: 'BEGIN:VCALENDAR\r\nTHIS IS NOT\r\n', headers: ICS, status: 400, condition: /valid-calendar-data/ },
    { title: 'several UIDs in one object', method: 'PUT', path: `${CAL}two.ics`, body: event('a').replace('END:VCALENDAR', 'BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20261101T090000Z\r\nDTSTART:20261211T090000Z\r\nSUMMARY:B\r\nEND:VEVENT\r\nEND:VCALENDAR'), headers: ICS, status: 400, condition: /valid-calendar-data/ },
    { title: 'vCard without UID', method: 'PUT', path: `${BOOK}nouid.vcf`, body: card(null), headers: VCF, status: 400, condition: /valid-address-data/ },
    { title: 'body over max-resource-size', method: 'PUT', path: `${BOOK}big.vcf`, body: card('big').replace('END:VCARD', `NOTE:${'x'.repeat(70 * 1024)}\r\nEND:VCARD`), headers: VCF, status: 413, condition: /max-resource-size/ },
    { title: 'wrong media type', method: 'PUT', path: `${BOOK}json.vcf`, body: '{}', headers: { 'Content-Type': 'application/json' }, status: 415 },
    { title: 'write to a collection whose group flag is off', as: 'anna.beispiel', method: 'PUT', path: '/dav/calendars/anna.beispiel/brokerstar/x.ics', body: event('anna-1'), headers: ICS, status: 403, condition: /need-privileges/ },
    { title: 'contact delete without the delete right', as: 'anna.beispiel', method: 'DELETE', path: '/dav/addressbooks/anna.beispiel/brokerstar/', headers: {}, status: 405 },
    { title: "write into another user's collection", method: 'PUT', path: '/dav/calendars/lisa.admin/brokerstar/x.ics', body: event('lisa-1'), headers: ICS, status: 404 },
  ];

  for (const c of cases) {
    it(`${c.title} → ${c.status}`, async () => {
      await settled(app);
      const counts = await tableCounts(db());
      const res = await dav(app, c.method, c.path, { as: c.as ?? 'max.muster', headers: c.headers, ...(c.body === undefined ? {} : { body: c.body }) });
      expect(res.status, res.text).to.equal(c.status);
      if (c.condition) expect(res.text).to.match(c.condition);
      expect(await tableCounts(db()), 'database unchanged').to.deep.equal(counts);
    });
  }

  it('anna may not delete a contact: 403 need-privileges and the CRM record stays', async () => {
    const put = await dav(app, 'PUT', '/dav/addressbooks/anna.beispiel/brokerstar/anna-kunde.vcf', { as: 'anna.beispiel', body: card('anna-kunde', 'Kunde'), headers: VCF });
    expect(put.status).to.equal(201);
    await settled(app);
    const counts = await tableCounts(db());
    const res = await dav(app, 'DELETE', '/dav/addressbooks/anna.beispiel/brokerstar/anna-kunde.vcf', { as: 'anna.beispiel' });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('need-privileges');
    expect(res.headers.vary, 'the reason is worded in the device\'s language').to.match(/Accept-Language/);
    const after = await tableCounts(db());
    // The contact is journalled once more so the device downloads it again at its next sync.
    expect(after).to.deep.equal({ ...counts, dav_change_journal: counts.dav_change_journal! + 1 });
    const get = await dav(app, 'GET', '/dav/addressbooks/anna.beispiel/brokerstar/anna-kunde.vcf', { as: 'anna.beispiel' });
    expect(get.status, 'DAVx5 and iOS restore it from here at the next sync').to.equal(200);
  });

  it('a vCard 4.0 from Thunderbird is accepted and served back as 3.0 by default', async () => {
    const res = await dav(app, 'PUT', `${BOOK}tb.vcf`, { body: clientFixture('thunderbird-contact-4.0.vcf'), headers: VCF });
    expect(res.status).to.equal(201);
    const get = await dav(app, 'GET', `${BOOK}tb.vcf`);
    expect(get.text).to.contain('VERSION:3.0');
    const v4 = await dav(app, 'GET', `${BOOK}tb.vcf`, { headers: { Accept: 'text/vcard; version=4.0' } });
    expect(v4.text).to.contain('VERSION:4.0');
  });
});
