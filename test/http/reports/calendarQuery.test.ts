import { expect } from 'chai';
import type Koa from 'koa';
import { forEachDatabase } from '../../support/databases.ts';
import { createDavApp, dav, DEMO_REFERENCE, seedDemoData } from '../../support/davApp.ts';
import { prop } from '../../support/multistatus.ts';
import { parseXml } from '../../../src/adapters/http/dav/xml/parse.ts';
import { caldav, dav as d } from '../../../src/adapters/http/dav/xml/names.ts';
import { CAL, NS, TASKS, XML, listing, members, report } from './reportHelpers.ts';

const VTIMEZONE = `BEGIN:VTIMEZONE
TZID:Europe/Zurich
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
DTSTART:19810329T020000
TZNAME:MESZ
TZOFFSETTO:+0200
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
DTSTART:19961027T030000
TZNAME:MEZ
TZOFFSETTO:+0100
END:STANDARD
END:VTIMEZONE`;

const ics = (...components: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//BrokerStar tests//EN', VTIMEZONE, ...components, 'END:VCALENDAR', ''].join('\r\n').replace(/\r?\n/g, '\r\n');

/** Mondays 10:00–11:00 Zürich from 4 Jan 2027, ten times; 18 Jan excluded, 25 Jan moved to Wed 27 Jan 14:00. */
const SERIES = ics(`BEGIN:VEVENT
UID:series-exdate-override
DTSTAMP:20261201T000000Z
DTSTART;TZID=Europe/Zurich:20270104T100000
DTEND;TZID=Europe/Zurich:20270104T110000
RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10
EXDATE;TZID=Europe/Zurich:20270118T100000
SUMMARY:Serie mit Ausnahmen
END:VEVENT`, `BEGIN:VEVENT
UID:series-exdate-override
DTSTAMP:20261201T000000Z
RECURRENCE-ID;TZID=Europe/Zurich:20270125T100000
DTSTART;TZID=Europe/Zurich:20270127T140000
DTEND;TZID=Europe/Zurich:20270127T150000
SUMMARY:Serie mit Ausnahmen (verschoben)
END:VEVENT`);

/** Mondays 10:00–10:30 Zürich without end, across every DST change. */
const ENDLESS = ics(`BEGIN:VEVENT
UID:series-endless-dst
DTSTAMP:20261201T000000Z
DTSTART;TZID=Europe/Zurich:20270104T100000
DTEND;TZID=Europe/Zurich:20270104T103000
RRULE:FREQ=WEEKLY;BYDAY=MO
SUMMARY:Endlose Serie
END:VEVENT`);

/** All-day on Wed 10 Feb 2027. */
const ALLDAY = ics(`BEGIN:VEVENT
UID:allday-feb10
DTSTAMP:20261201T000000Z
DTSTART;VALUE=DATE:20270210
DTEND;VALUE=DATE:20270211
SUMMARY:Ganztägig
END:VEVENT`);

const query = (range: string, props = '<D:getetag/>', component = 'VEVENT', inner = '') =>
  `${XML}<C:calendar-query ${NS}><D:prop>${props}</D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="${component}">${range}${inner}</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`;
const range = (start?: string, end?: string) =>
  `<C:time-range${start ? ` start="${start}"` : ''}${end ? ` end="${end}"` : ''}/>`;

const HREF = (uid: string) => `${CAL()}${uid}.ics`;
const OURS = ['series-exdate-override', 'series-endless-dst', 'allday-feb10'];

function ymd(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

forEachDatabase('REPORT calendar-query', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db()));
    for (const [uid, body] of [['series-exdate-override', SERIES], ['series-endless-dst', ENDLESS], ['allday-feb10', ALLDAY]] as const) {
      const res = await dav(app, 'PUT', HREF(uid), { body, headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-None-Match': '*' } });
      expect(res.status, res.text).to.equal(201);
    }
  });
  after(async () => close());

  /** Which of our three test objects a time-range query finds. */
  async function found(start?: string, end?: string): Promise<string[]> {
    const ms = await report(app, CAL(), query(range(start, end)));
    return OURS.filter((uid) => ms.byHref.has(HREF(uid)));
  }

  it('a series is found by a range that only a later occurrence overlaps', async () => {
    expect(await found('20270201T085000Z', '20270201T091000Z')).to.include('series-exdate-override');
    expect(await found('20270308T090000Z', '20270308T093000Z')).to.include('series-exdate-override'); // 10th occurrence
  });

  it('a series is NOT found by a range covering only the EXDATE slot, the moved-away slot, or after COUNT ends', async () => {
    expect(await found('20270118T083000Z', '20270118T103000Z')).to.not.include('series-exdate-override');
    expect(await found('20270125T083000Z', '20270125T103000Z')).to.not.include('series-exdate-override');
    expect(await found('20270315T000000Z', '20270316T000000Z')).to.not.include('series-exdate-override');
  });

  it('the moved instance is found at its new time (RECURRENCE-ID override)', async () => {
    expect(await found('20270127T130000Z', '20270127T133000Z')).to.deep.equal(['series-exdate-override']);
  });

  it('Europe/Zurich DST: 10:00 local is 09:00Z in winter and 08:00Z in summer, years ahead', async () => {
    expect(await found('20270322T090000Z', '20270322T091000Z')).to.include('series-endless-dst'); // CET
    expect(await found('20270329T080000Z', '20270329T081000Z')).to.include('series-endless-dst'); // CEST after 28 Mar
    expect(await found('20270329T090000Z', '20270329T091000Z')).to.not.include('series-endless-dst');
    expect(await found('20271101T090000Z', '20271101T091000Z')).to.include('series-endless-dst'); // CET again after 31 Oct
    expect(await found('20271101T080000Z', '20271101T083000Z')).to.not.include('series-endless-dst');
    expect(await found('20310707T080000Z', '20310707T081000Z')).to.include('series-endless-dst'); // a Monday in 2031
    expect(await found('20310708T080000Z', '20310708T081000Z')).to.not.include('series-endless-dst'); // Tuesday
  });

  it('all-day events overlap their (Zürich) day only', async () => {
    expect(await found('20270210T120000Z', '20270210T130000Z')).to.include('allday-feb10');
    expect(await found('20270209T000000Z', '20270209T200000Z')).to.not.include('allday-feb10');
    expect(await found('20270211T060000Z', '20270212T000000Z')).to.not.include('allday-feb10');
  });

  it('open-ended ranges: start only (DAVx5) and end only', async () => {
    expect(await found('20270301T000000Z')).to.deep.equal(['series-exdate-override', 'series-endless-dst']);
    expect(await found('20270310T000000Z')).to.deep.equal(['series-endless-dst']);
    expect(await found(undefined, '20270105T000000Z')).to.deep.equal(['series-exdate-override', 'series-endless-dst']);
    expect(await found(undefined, '20270104T000000Z')).to.deep.equal([]);
  });

  it('an invalid time-range is 400 with CALDAV:valid-filter', async () => {
    for (const r of ['<C:time-range/>', range('20270105T000000Z', '20270101T000000Z'), range('yesterday')]) {
      const res = await dav(app, 'REPORT', CAL(), { depth: '1', body: query(r) });
      expect(res.status, r).to.equal(400);
      expect(res.text).to.match(/valid-filter/);
    }
  });

  it('expand: one UTC instance per occurrence in the range, no EXDATE slot, the override at its new time', async () => {
    const ms = await report(app, CAL(), query(range('20270101T000000Z', '20270201T000000Z'),
      '<D:getetag/><C:calendar-data><C:expand start="20270101T000000Z" end="20270201T000000Z"/></C:calendar-data>'));
    const data = prop(ms.byHref.get(HREF('series-exdate-override')), caldav('calendar-data'))?.text ?? '';
    const starts = [...data.matchAll(/^DTSTART:(\S+)$/gm)].map((m) => m[1]);
    expect(starts).to.have.members(['20270104T090000Z', '20270111T090000Z', '20270127T130000Z']);
    expect(data).to.not.match(/RRULE|EXDATE|VTIMEZONE/);
    expect([...data.matchAll(/^RECURRENCE-ID:(\S+)$/gm)].map((m) => m[1])).to.have.members(['20270104T090000Z', '20270111T090000Z', '20270125T090000Z']);
  });

  it('limit-recurrence-set: the master always, overrides only when they overlap', async () => {
    const ask = (s: string, e: string) => query(range(s, e), `<C:calendar-data><C:limit-recurrence-set start="${s}" end="${e}"/></C:calendar-data>`);
    const feb = await report(app, CAL(), ask('20270201T000000Z', '20270301T000000Z'));
    const febData = prop(feb.byHref.get(HREF('series-exdate-override')), caldav('calendar-data'))?.text ?? '';
    expect(febData).to.match(/RRULE:FREQ=WEEKLY/);
    expect(febData).to.not.match(/RECURRENCE-ID/);
    const jan = await report(app, CAL(), ask('20270126T000000Z', '20270128T000000Z'));
    const janData = prop(jan.byHref.get(HREF('series-exdate-override')), caldav('calendar-data'))?.text ?? '';
    expect(janData).to.match(/RECURRENCE-ID/);
  });

  it('the Outlook default window (today−60d … today+366d, local midnight as "Z") returns every demo appointment', async () => {
    const start = new Date(DEMO_REFERENCE.getTime() - 60 * 86_400_000);
    const end = new Date(DEMO_REFERENCE.getTime() + 366 * 86_400_000);
    const ms = await report(app, CAL(), query(range(`${ymd(start)}T000000Z`, `${ymd(end)}T000000Z`)));
    const all = await listing(app, CAL());
    const demo = [...all.keys()].filter((h) => h.includes('brokerstar-appointment-'));
    expect(demo.length).to.be.greaterThan(5);
    const got = members(ms.responses, CAL()).map((r) => r.href);
    expect(got).to.include.members(demo);
    for (const r of members(ms.responses, CAL())) expect(prop(r, d('getetag'))?.text).to.equal(all.get(r.href));
  });

  it('a window years later finds only the endless series (Teamsitzung and ours), not COUNT-limited ones', async () => {
    const ms = await report(app, CAL(), query(range('20300101T000000Z', '20300201T000000Z'), '<C:calendar-data/>'));
    const summaries = members(ms.responses, CAL()).map((r) => /SUMMARY:(.*)/.exec(prop(r, caldav('calendar-data'))?.text ?? '')?.[1]?.trim());
    expect(summaries).to.have.members(['Teamsitzung Team Zürich', 'Endlose Serie']);
  });

  it('an appointment moved in the CRM (behind the server\'s back) is found at its new time, not the old', async () => {
    const row = await db()('appointments').where('title', 'Zahnarzt (privat)').first('id', 'starts_at');
    const href = `${CAL()}brokerstar-appointment-${row.id}.ics`;
    // Render it once, so a stored representation with its time span exists.
    const before = await report(app, CAL(), query(range('20000101T000000Z', '20400101T000000Z')));
    expect(before.byHref.has(href)).to.equal(true);
    await db()('appointments').where('id', row.id).update({ starts_at: '2029-05-02 07:00:00.000', ends_at: '2029-05-02 08:00:00.000' });
    const moved = await report(app, CAL(), query(range('20290502T063000Z', '20290502T073000Z')));
    expect(members(moved.responses, CAL()).map((r) => r.href)).to.deep.equal([href]);
    const old = String(row.starts_at).slice(0, 10).replace(/-/g, '');
    const oldRange = await report(app, CAL(), query(range(`${old}T000000Z`, `${old}T235959Z`)));
    expect(oldRange.byHref.has(href)).to.equal(false);
  });

  it('prop-filter text-match (case-insensitive by default), negate-condition and is-not-defined', async () => {
    const all = members((await report(app, CAL(), query(''))).responses, CAL()).map((r) => r.href);
    const summary = (text: string, attrs = '') => `<C:prop-filter name="SUMMARY"><C:text-match${attrs}>${text}</C:text-match></C:prop-filter>`;
    const hits = async (inner: string) => members((await report(app, CAL(), query('', '<C:calendar-data/>', 'VEVENT', inner))).responses, CAL())
      .map((r) => ({ href: r.href, data: prop(r, caldav('calendar-data'))?.text ?? '' }));
    const team = await hits(summary('teamsitzung'));
    expect(team).to.have.length(1);
    expect(team[0]!.data).to.match(/SUMMARY:Teamsitzung Team Z/);
    const notTeam = await hits(summary('teamsitzung', ' negate-condition="yes"'));
    expect(notTeam.map((h) => h.href).sort()).to.deep.equal(all.filter((h) => h !== team[0]!.href).sort());
    expect(await hits(summary('TEAMSITZUNG', ' collation="i;octet"'))).to.have.length(0);
    const noLocation = await hits('<C:prop-filter name="LOCATION"><C:is-not-defined/></C:prop-filter>');
    expect(noLocation.length).to.be.greaterThan(0);
    for (const h of noLocation) expect(h.data).to.not.match(/^LOCATION:/m);
    expect(noLocation.map((h) => h.href)).to.include(HREF('allday-feb10'));
    expect(noLocation.map((h) => h.href)).to.not.include(team[0]!.href);
  });

  it('prop-filter time-range on DTSTART reads the value in its TZID (10:00 Zürich is 09:00Z)', async () => {
    const dtstart = (s: string, e: string) => `<C:prop-filter name="DTSTART">${range(s, e)}</C:prop-filter>`;
    const hit = await report(app, CAL(), query('', '<D:getetag/>', 'VEVENT', dtstart('20270104T083000Z', '20270104T093000Z')));
    expect(OURS.filter((u) => hit.byHref.has(HREF(u)))).to.deep.equal(['series-exdate-override', 'series-endless-dst']);
    const miss = await report(app, CAL(), query('', '<D:getetag/>', 'VEVENT', dtstart('20270104T093000Z', '20270104T103000Z')));
    expect(OURS.filter((u) => miss.byHref.has(HREF(u)))).to.deep.equal([]);
  });

  it('an unsupported collation in a calendar-query is 403 CALDAV:supported-collation', async () => {
    const res = await dav(app, 'REPORT', CAL(), { depth: '1', body: query('', '<D:getetag/>', 'VEVENT', '<C:prop-filter name="SUMMARY"><C:text-match collation="i;klingon">x</C:text-match></C:prop-filter>') });
    expect(res.status).to.equal(403);
    expect(parseXml(res.text).children.map((c) => c.name)).to.include(caldav('supported-collation'));
  });

  it('VTODO without a time range lists every task; with a text-match on STATUS only completed ones', async () => {
    const list = await listing(app, TASKS());
    const all = await report(app, TASKS(), query('', '<D:getetag/>', 'VTODO'));
    expect(new Map(members(all.responses, TASKS()).map((r) => [r.href, prop(r, d('getetag'))?.text]))).to.deep.equal(list);
    const done = await report(app, TASKS(), query('', '<C:calendar-data/>', 'VTODO', '<C:prop-filter name="STATUS"><C:text-match>COMPLETED</C:text-match></C:prop-filter>'));
    for (const r of members(done.responses, TASKS())) expect(prop(r, caldav('calendar-data'))?.text).to.match(/STATUS:COMPLETED/);
    expect(members(done.responses, TASKS()).length).to.be.lessThan(list.size);
  });

  it('a VEVENT filter on the task list and a VTODO filter on the calendar match nothing', async () => {
    expect(members((await report(app, TASKS(), query(''))).responses, TASKS())).to.have.length(0);
    expect(members((await report(app, CAL(), query('', '<D:getetag/>', 'VTODO'))).responses, CAL())).to.have.length(0);
  });
});
