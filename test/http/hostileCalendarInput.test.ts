import { expect } from 'chai';
import type Koa from 'koa';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData, settled } from '../support/davApp.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { expectWellFormedXml } from '../support/wellFormed.ts';
import { tableCounts } from '../support/fixtures.ts';
import { CAL, BOOK, XML, NS, listing, poll, syncBody } from './reports/reportHelpers.ts';
import { caldav, carddav, dav as d } from '../../src/adapters/http/dav/xml/names.ts';
import { DEFAULT_LIMITS } from '../../src/ports/index.ts';

const ICS = { 'Content-Type': 'text/calendar; charset=utf-8' };

function series(uid: string, rrule: string, extra: string[] = []): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261101T090000Z',
    'DTSTART:20261207T090000Z', 'DTEND:20261207T100000Z', `RRULE:${rrule}`, 'SUMMARY:Serie', ...extra, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

function calendarQuery(start: string, end: string, data = '<C:calendar-data/>'): string {
  return `${XML}<C:calendar-query ${NS}><D:prop><D:getetag/>${data}</D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">` +
    `<C:time-range start="${start}" end="${end}"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`;
}

/** Issue 9 findings 1, 5 and 7 replayed through the HTTP layer. */
forEachDatabase('hostile calendar input', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  const reported: unknown[] = [];
  before(async () => {
    await seedDemoData(db());
    // The plugin reports render failures as warnings through the host's logger.
    const logger = { info: () => {}, error: () => {}, warn: (obj: object) => { reported.push(obj); }, child() { return logger; } };
    ({ app, close } = await createDavApp(db(), { logger }));
  });
  after(async () => close());

  describe('recurrence rules that never occur or cost too much (finding 1)', () => {
    const refused: Array<{ title: string; rrule: string; status: number; condition: RegExp }> = [
      { title: 'DAILY with BYMONTH=2;BYMONTHDAY=30', rrule: 'FREQ=DAILY;COUNT=3;BYMONTH=2;BYMONTHDAY=30', status: 400, condition: /valid-calendar-data/ },
      { title: 'HOURLY with BYMONTH=4;BYMONTHDAY=31, open-ended', rrule: 'FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31', status: 400, condition: /valid-calendar-data/ },
      { title: 'SECONDLY restricted to 29 February 09:00:00', rrule: 'FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9;BYMINUTE=0;BYSECOND=0', status: 400, condition: /valid-calendar-data/ },
      { title: 'COUNT above max-instances', rrule: 'FREQ=DAILY;COUNT=1000000000', status: 403, condition: /<cal:max-instances\/>/ },
    ];
    for (const c of refused) {
      it(`${c.title} → ${c.status}, nothing stored, the server keeps serving`, async () => {
        await settled(app);
        const before = await tableCounts(db());
        const res = await dav(app, 'PUT', `${CAL()}hostile-${c.status}-${before.appointments}.ics`, { body: series(`hostile-${c.title}`, c.rrule), headers: ICS });
        expect(res.status, res.text).to.equal(c.status);
        expect(res.text).to.match(c.condition);
        expect(await tableCounts(db())).to.deep.equal(before);
        await poll(app, CAL('sandra.keller'), 'sandra.keller');
      });
    }

    it('the calendar advertises CALDAV:max-instances (RFC 4791 §5.2.8)', async () => {
      const res = await dav(app, 'PROPFIND', CAL(), { depth: '0', body: `${XML}<D:propfind ${NS}><D:prop><C:max-instances/></D:prop></D:propfind>` });
      expect(prop(parseMultistatus(res.text).responses[0], caldav('max-instances'))?.text).to.equal(String(DEFAULT_LIMITS.maxInstances));
    });

    it('an every-second series is stored; its expand beyond max-instances is a 507 for that object only', async () => {
      expect((await dav(app, 'PUT', `${CAL()}every-second.ics`, { body: series('every-second', 'FREQ=SECONDLY'), headers: ICS })).status).to.equal(201);
      const res = await dav(app, 'REPORT', CAL(), {
        depth: '1', body: calendarQuery('20261207T000000Z', '20261208T000000Z', '<C:calendar-data><C:expand start="20261207T000000Z" end="20261208T000000Z"/></C:calendar-data>'),
      });
      expect(res.status).to.equal(207);
      expectWellFormedXml(res.text);
      const { byHref } = parseMultistatus(res.text);
      const hostile = byHref.get(`${CAL()}every-second.ics`);
      expect(hostile?.props.get(caldav('calendar-data'))?.status).to.equal(507);
      expect(prop(hostile, d('getetag'))?.text).to.match(/^"/);
      const others = [...byHref.values()].filter((r) => r !== hostile && r.props.get(caldav('calendar-data'))?.status === 200);
      expect(others.length, 'the other events of the day are expanded').to.be.greaterThan(0);
    });
  });

  describe('what is stored can always be served (finding 5)', () => {
    const POISONED = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', 'UID:poisoned-1', 'DTSTAMP:20261101T090000Z',
      'DTSTART:20261209T090000Z', 'DTEND:20261209T100000Z', 'SUMMARY:Alt', 'BEGIN:VALARM', 'TRIGGER:-PT15M', 'ACTION:DISPLAY',
      'END:VEVENT', 'END:VALARM', 'END:VCALENDAR', ''].join('\r\n');

    it('a PUT ical.js accepts but the merger cannot read is refused', async () => {
      const res = await dav(app, 'PUT', `${CAL()}poisoned.ics`, { body: POISONED, headers: ICS });
      expect(res.status).to.equal(400);
      expect(res.text).to.match(/valid-calendar-data/);
    });

    it('a stored body the renderer cannot merge into is served as stored after a BrokerStar edit, and the failure reported', async () => {
      // An object stored before validation existed: valid at PUT, then its stored text replaced.
      const clean = POISONED.replace('END:VEVENT\r\nEND:VALARM', 'END:VALARM\r\nEND:VEVENT');
      expect((await dav(app, 'PUT', `${CAL()}poisoned.ics`, { body: clean, headers: ICS })).status).to.equal(201);
      const row = await db()('dav_objects').where({ kind: 'appointment', name: 'poisoned.ics' }).first('object_id', 'etag');
      await db()('dav_objects').where({ kind: 'appointment', name: 'poisoned.ics' }).update({ body: POISONED });
      // The ETag the user sees (it covers the user's own alarm, see per-user parts) before the edit …
      const before = (await listing(app, CAL())).get(`${CAL()}poisoned.ics`);
      await db()('appointments').where('id', row.object_id).update({ title: 'Neu aus BrokerStar' });
      reported.length = 0;

      // … stays: the object is served from its last good representation.
      const listed = await listing(app, CAL());
      expect(listed.get(`${CAL()}poisoned.ics`)).to.equal(before);
      const query = await dav(app, 'REPORT', CAL(), { depth: '1', body: calendarQuery('20261209T000000Z', '20261210T000000Z') });
      expect(query.status).to.equal(207);
      const served = prop(parseMultistatus(query.text).byHref.get(`${CAL()}poisoned.ics`), caldav('calendar-data'))?.text;
      // The last good representation (for this user: the bytes their device sent), not the failed edit.
      expect(served).to.include('SUMMARY:Alt').and.not.include('Neu aus BrokerStar');
      const sync = await dav(app, 'REPORT', CAL(), { depth: '1', body: syncBody('') });
      expect(sync.status).to.equal(207);
      expect(parseMultistatus(sync.text).byHref.has(`${CAL()}poisoned.ics`)).to.equal(true);
      expect(reported.some((e) => (e as { renderFailure?: { objectId: number } }).renderFailure?.objectId === Number(row.object_id))).to.equal(true);
    });
  });

  describe('characters XML cannot carry (finding 7)', () => {
    it('control characters in CRM text never reach the multistatus; the rest of the text round-trips', async () => {
      await db()('appointments').where('title', 'Teamsitzung Team Zürich').update({ description: 'Traktanden:\u000Beins\u0007 zwei \u001Fdrei' });
      const res = await dav(app, 'REPORT', CAL(), { depth: '1', body: calendarQuery('20260101T000000Z', '20280101T000000Z') });
      expect(res.status).to.equal(207);
      expectWellFormedXml(res.text);
      const bodies = parseMultistatus(res.text).responses.map((r) => prop(r, caldav('calendar-data'))?.text ?? '');
      expect(bodies.some((b) => b.includes('DESCRIPTION:Traktanden:eins zwei drei')), JSON.stringify(bodies.find((b) => b.includes('Traktanden')))).to.equal(true);
    });

    it('a vCard note with a vertical tab is served as well-formed address-data', async () => {
      const owner = await db()('users').where('login', 'max.muster').first('id');
      const [id] = await db()('contacts').insert({ owner_id: owner.id, first_name: 'Vreni', last_name: 'Steuerzeichen', notes: 'Zeile eins\u000BZeile zwei\u0001' });
      const res = await dav(app, 'REPORT', BOOK(), {
        depth: '1', body: `${XML}<A:addressbook-query ${NS}><D:prop><D:getetag/><A:address-data/></D:prop><A:filter><A:prop-filter name="FN"><A:text-match>Steuerzeichen</A:text-match></A:prop-filter></A:filter></A:addressbook-query>`,
      });
      expect(res.status, res.text).to.equal(207);
      expectWellFormedXml(res.text);
      const cards = parseMultistatus(res.text).responses.map((r) => prop(r, carddav('address-data'))?.text ?? '');
      expect(cards.some((c) => c.includes('NOTE:Zeile einsZeile zwei')), `contact ${id}`).to.equal(true);
    });
  });
});
