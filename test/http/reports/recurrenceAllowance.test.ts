import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases.ts';
import { dav, demoAppForSuite } from '../../support/davApp.ts';
import { CAL, NS, XML, members, report } from './reportHelpers.ts';
import { instancesWalked } from '../../support/recurrenceSpy.ts';

const ICS = { 'Content-Type': 'text/calendar; charset=utf-8' };
const ALLOWANCE = 30_000;

/** Every second from a week before the queried week: each time-range test walks 20 000 instances before it answers "overlaps". */
const costly = (uid: string) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261101T090000Z',
  'DTSTART:20261130T090000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY', 'SUMMARY:jede Sekunde', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

const weekQuery = (data: string) => `${XML}<C:calendar-query ${NS}><D:prop><D:getetag/>${data}</D:prop><C:filter><C:comp-filter name="VCALENDAR">` +
  '<C:comp-filter name="VEVENT"><C:time-range start="20261207T000000Z" end="20261214T000000Z"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>';

/**
 * Hostile neighbour (bench/hostile.ts): a user who stores one costly series after another made each
 * of his calendar-queries slower by the cost of every series (2 s after ten), and the other users
 * waited with it. The recurrence work of one request is bounded as a whole (`recurrenceStepsPerRequest`).
 */
forEachDatabase('recurrence work per request', (db) => {
  const app = demoAppForSuite(db, { limits: { recurrenceStepsPerRequest: ALLOWANCE } });
  const names = ['allowance-1', 'allowance-2', 'allowance-3', 'allowance-4'];

  before(async () => {
    for (const name of names) {
      const res = await dav(app, 'PUT', `${CAL()}${name}.ics`, { body: costly(name), headers: { ...ICS, 'If-None-Match': '*' } });
      expect(res.status, res.text).to.equal(201);
    }
  });

  it('a calendar-query over four costly series does at most the allowance of work, and still lists every one of them', async () => {
    let hrefs: string[] = [];
    const walked = await instancesWalked(async () => {
      const res = await report(app, CAL(), weekQuery(''));
      hrefs = members(res.responses, CAL()).map((r) => r.href);
    });
    for (const name of names) expect(hrefs).to.include(`${CAL()}${name}.ics`);
    // Without the bound: 4 × 20 000 instances.
    expect(walked).to.be.at.most(ALLOWANCE + 100);
  });

  it('an expand over them stays within the allowance too, answering 507 for what it cannot expand, and the next request is served', async () => {
    let text = '';
    const walked = await instancesWalked(async () => {
      const res = await dav(app, 'REPORT', CAL(), { depth: '1', body: weekQuery('<C:calendar-data><C:expand start="20261207T000000Z" end="20261214T000000Z"/></C:calendar-data>') });
      expect(res.status).to.equal(207);
      text = res.text;
    });
    expect(walked).to.be.at.most(ALLOWANCE + 100);
    expect(text).to.contain('507');
    expect((await dav(app, 'PROPFIND', CAL('sandra.keller'), { as: 'sandra.keller', depth: '0' })).status).to.equal(207);
  });
});
