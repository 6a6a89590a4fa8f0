import { expect } from 'chai';
import type Koa from 'koa';
import type { Knex } from 'knex';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData } from '../support/davApp.ts';
import { CAL, TASKS, listing, poll, sync } from '../http/reports/reportHelpers.ts';
import { blockCount, icsProperty } from '../context/icsText.ts';

/**
 * Issue 13: the customer block survives the round trips of the clients that rewrite descriptions.
 * Each flow fetches an object, rewrites it the way the client serialises it after an edit (see
 * docs/clients.md and the fixtures in test/fixtures/clients) and sends it back: BrokerStar's note
 * stays clean, the block appears exactly once, and what a client dropped comes back.
 */
const OUTLOOK = { 'User-Agent': 'CalDavSynchronizer/4.6.0', 'Content-Type': 'text/calendar; charset=utf-8' };
const IOS = { 'User-Agent': 'iOS/17.5 (21F79) dataaccessd/1.0', 'Content-Type': 'text/calendar; charset=utf-8' };
const DAVX5 = { 'User-Agent': 'DAVx5/4.4.3-ose (at.bitfire.davdroid)', 'Content-Type': 'text/calendar; charset=utf-8' };

const W_EUROPE = [
  'BEGIN:VTIMEZONE', 'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD', 'DTSTART:16011028T030000', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'END:STANDARD',
  'BEGIN:DAYLIGHT', 'DTSTART:16010325T020000', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'END:DAYLIGHT',
  'END:VTIMEZONE',
];

/** Content lines of the master component (unfolded), without BEGIN/END. */
function componentLines(ics: string, name: 'VEVENT' | 'VTODO'): string[] {
  const lines = ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  return lines.slice(lines.indexOf(`BEGIN:${name}`) + 1, lines.indexOf(`END:${name}`));
}

/** Folds at 75 octets with CRLF (RFC 5545 §3.1), as ical4j and Apple do. */
function fold(lines: readonly string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    let rest = Buffer.from(line, 'utf8');
    let first = true;
    while (rest.length > (first ? 75 : 74)) {
      let cut = first ? 75 : 74;
      while ((rest[cut]! & 0xc0) === 0x80) cut--;
      out.push(`${first ? '' : ' '}${rest.subarray(0, cut).toString('utf8')}`);
      rest = rest.subarray(cut);
      first = false;
    }
    out.push(`${first ? '' : ' '}${rest.toString('utf8')}`);
  }
  return `${out.join('\r\n')}\r\n`;
}

const pick = (lines: readonly string[], ...names: string[]) => lines.filter((l) => names.some((n) => new RegExp(`^${n}[;:]`).test(l)));

forEachDatabase('CRM context through the clients\' round trips', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  const id = async (knex: Knex, table: string, where: Record<string, unknown>) => Number((await knex(table).where(where).first('id')).id);
  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db()));
  });
  after(async () => close());

  async function fetch(href: string, headers: Record<string, string>) {
    const res = await dav(app, 'GET', href, { headers: { 'User-Agent': headers['User-Agent']! } });
    expect(res.status).to.equal(200);
    return { body: res.text, etag: String(res.headers.etag) };
  }

  async function put(href: string, body: string, etag: string, headers: Record<string, string>) {
    const res = await dav(app, 'PUT', href, { body, headers: { ...headers, 'If-Match': etag } });
    expect(res.status, res.text).to.equal(204);
    return res.headers.etag as string | undefined;
  }

  it('Outlook CalDav Synchronizer: rebuilt event (Windows zone, no URL, CRLF, Outlook properties) keeps the note clean; the device gets URL and block back', async () => {
    const appointmentId = await id(db(), 'appointments', { title: 'Besprechung BVG-Lösung Rhein Logistik' });
    const href = `${CAL()}brokerstar-appointment-${appointmentId}.ics`;
    const before = await listing(app, CAL());
    const { body, etag } = await fetch(href, OUTLOOK);
    const ev = componentLines(body, 'VEVENT');
    const zoned = (l: string) => l.replace(/TZID=[^:;]+/, 'TZID=W. Europe Standard Time');
    // CalDavSynchronizer writes Outlook's item anew: its own order, the Windows zone, no URL (Outlook has none).
    const outlook = [
      'BEGIN:VCALENDAR', 'PRODID:-//github.com/aluxnimm/outlookcaldavsynchronizer//NONSGML v4.6.0//EN', 'VERSION:2.0', ...W_EUROPE, 'BEGIN:VEVENT',
      ...pick(ev, 'DTEND').map(zoned), 'DTSTAMP:20261201T080000Z', ...pick(ev, 'DTSTART').map(zoned), 'SEQUENCE:1',
      'SUMMARY:Besprechung BVG-Lösung Rhein Logistik (Outlook)', ...pick(ev, 'LOCATION', 'DESCRIPTION', 'UID'),
      'CLASS:PUBLIC', 'PRIORITY:5', 'TRANSP:OPAQUE', 'X-MICROSOFT-CDO-BUSYSTATUS:BUSY', 'X-MICROSOFT-CDO-IMPORTANCE:1',
      'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:This is an event reminder', 'TRIGGER:-PT15M', 'END:VALARM', 'END:VEVENT', 'END:VCALENDAR',
    ];
    const answered = await put(href, `${outlook.join('\r\n')}\r\n`, etag, OUTLOOK);
    expect(answered, 'BrokerStar completed the text: no ETag, the client fetches it (RFC 4791 §5.3.4)').to.equal(undefined);
    const row = await db()('appointments').where('id', appointmentId).first('title', 'description', 'location');
    expect(row).to.deep.equal({ title: 'Besprechung BVG-Lösung Rhein Logistik (Outlook)', description: 'Vorsorgeausweise aller Mitarbeitenden mitnehmen.', location: null });
    // CalDavSynchronizer compares ETags of the listing: the object changed, so it downloads it again.
    const after = await listing(app, CAL());
    expect(after.get(href)).to.not.equal(before.get(href));
    const again = await fetch(href, OUTLOOK);
    expect(again.etag).to.equal(after.get(href));
    expect(blockCount(again.body)).to.equal(1);
    expect(icsProperty(again.body, 'URL')).to.equal(`https://public.brokerstar.biz/appointments/${appointmentId}`);
    expect(icsProperty(again.body, 'LOCATION')).to.equal('Hafenstrasse 20, 4051 Basel');
    expect(again.body, 'Outlook\'s own properties stay').to.include('X-MICROSOFT-CDO-BUSYSTATUS:BUSY').and.include('TZID=W. Europe Standard Time');
  });

  it('iOS: a re-folded event with an alarm and Apple properties keeps the note clean and is stored as sent', async () => {
    const appointmentId = await id(db(), 'appointments', { title: 'Beratungsgespräch Vorsorge Hans Müller' });
    const href = `${CAL()}brokerstar-appointment-${appointmentId}.ics`;
    const { body, etag } = await fetch(href, IOS);
    const ev = componentLines(body, 'VEVENT').map((l) => (l.startsWith('SUMMARY') ? 'SUMMARY:Beratungsgespräch Vorsorge Hans Müller (iPhone)' : l));
    const calendar = body.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
    const zones = calendar.slice(calendar.indexOf('BEGIN:VTIMEZONE'), calendar.indexOf('END:VTIMEZONE') + 1);
    const ios = fold([
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Apple Inc.//iOS 17.5//EN', 'CALSCALE:GREGORIAN', ...zones, 'BEGIN:VEVENT', ...ev,
      'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC', 'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:Erinnerung', 'TRIGGER:-PT30M',
      'UID:ios-alarm-1', 'X-WR-ALARMUID:ios-alarm-1', 'END:VALARM', 'END:VEVENT', 'END:VCALENDAR',
    ]);
    expect(await put(href, ios, etag, IOS), 'stored as sent: the ETag is given').to.be.a('string');
    expect((await db()('appointments').where('id', appointmentId).first('description')).description).to.equal(null);
    const again = await fetch(href, IOS);
    expect(again.body, 'complete as sent: served byte for byte').to.equal(ios);
    expect(blockCount(again.body)).to.equal(1);
    expect(icsProperty(again.body, 'DESCRIPTION')).to.include('Kunde: Hans Müller');
  });

  it('DAVx5 (ical4j, tasks.org): a completed task keeps the note clean; a phone change later reaches it with the block once', async () => {
    const taskId = await id(db(), 'tasks', { title: 'Police Motorfahrzeug nachfassen' });
    const href = `${TASKS()}brokerstar-task-${taskId}.ics`;
    const { body, etag } = await fetch(href, DAVX5);
    const todo = componentLines(body, 'VTODO').filter((l) => !/^(STATUS|PERCENT-COMPLETE|COMPLETED)[;:]/.test(l));
    const davx5 = fold([
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:DAVx5/4.4.3-ose ical4j/3.2.19 (org.tasks)', 'BEGIN:VTODO',
      ...todo, 'STATUS:COMPLETED', 'PERCENT-COMPLETE:100', 'COMPLETED:20261201T090000Z', 'X-DAVX5-CUSTOM:kept', 'END:VTODO', 'END:VCALENDAR',
    ]);
    await put(href, davx5, etag, DAVX5);
    const row = await db()('tasks').where('id', taskId).first('description', 'status');
    expect(row).to.deep.equal({ description: null, status: 'done' });
    const token = (await poll(app, TASKS())).token;
    const kaethi = await id(db(), 'contacts', { last_name: 'Lüthi', first_name: 'Käthi' });
    await db()('contact_phones').where('contact_id', kaethi).update({ number: '079 111 22 33' });
    const changes = await sync(app, TASKS(), token);
    expect([...changes.changed.keys()]).to.include(href);
    const again = await fetch(href, DAVX5);
    expect(blockCount(again.body)).to.equal(1);
    expect(icsProperty(again.body, 'DESCRIPTION')).to.include('079 111 22 33').and.not.include('079 456 78 90');
    expect(again.body, 'the device\'s own property survives the re-render').to.include('X-DAVX5-CUSTOM:kept');
  });
});
