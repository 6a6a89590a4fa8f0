import { expect } from 'chai';
import fc from 'fast-check';
import type Koa from 'koa';
import { forEachDatabase } from '../../support/databases.ts';
import { createDavApp, dav, seedDemoData } from '../../support/davApp.ts';
import { overlapsTimeRange } from '../../../src/adapters/formats/icalendar/index.ts';
import { timeSpanOf, type TimeSpan } from '../../../src/adapters/formats/icalendar/timeSpan.ts';
import { CAL, NS, TASKS, XML, members, report } from './reportHelpers.ts';

/**
 * The time-span index may only narrow calendar-query candidates, never drop a match: whenever the
 * exact RFC 4791 §9.9 test says "overlaps", the stored span must overlap too (with the inclusive
 * comparison `KnexSyncIndex.listMembersInRange` uses).
 */
function spanAdmits(span: TimeSpan, range: { start: Date | null; end: Date | null }): boolean {
  const startOk = span.start === null || range.end === null || span.start.getTime() <= range.end.getTime();
  const endOk = span.end === null || range.start === null || span.end.getTime() >= range.start.getTime();
  return startOk && endOk;
}

const BASE = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function wall(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
}
const date = (ms: number) => wall(ms).slice(0, 8);

type Zone = 'zurich' | 'utc' | 'floating' | 'allday' | 'newyork';
interface Spec {
  readonly component: 'VEVENT' | 'VTODO';
  readonly zone: Zone;
  readonly startHours: number;
  readonly lengthHours: number;
  readonly end: 'dtend' | 'duration' | 'none';
  readonly rule: string | null;
  readonly exdate: number | null;
  readonly override: { nth: number; shiftHours: number } | null;
  readonly todoTimes: { due: boolean; completedHours: number | null; createdHours: number | null };
}

const RULES = [null, 'FREQ=DAILY;COUNT=5', 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=7', 'FREQ=WEEKLY', 'FREQ=MONTHLY;BYMONTHDAY=28;COUNT=4',
  'FREQ=DAILY;INTERVAL=3;UNTIL=20270301T000000Z', 'FREQ=YEARLY;COUNT=3', 'FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231', 'FREQ=HOURLY;COUNT=30',
  // A floating UNTIL with a zoned DTSTART (not RFC 5545, but clients write it): read in DTSTART's zone.
  'FREQ=DAILY;INTERVAL=2;UNTIL=20260601T230000'];

const specArb: fc.Arbitrary<Spec> = fc.record({
  component: fc.constantFrom('VEVENT' as const, 'VTODO' as const),
  zone: fc.constantFrom<Zone>('zurich', 'utc', 'floating', 'allday', 'newyork'),
  startHours: fc.integer({ min: 0, max: 24 * 500 }),
  lengthHours: fc.integer({ min: 0, max: 80 }),
  end: fc.constantFrom('dtend' as const, 'duration' as const, 'none' as const),
  rule: fc.constantFrom(...RULES),
  exdate: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
  override: fc.option(fc.record({ nth: fc.integer({ min: 1, max: 3 }), shiftHours: fc.integer({ min: -200, max: 400 }) }), { nil: null }),
  todoTimes: fc.record({
    due: fc.boolean(),
    completedHours: fc.option(fc.integer({ min: 0, max: 24 * 500 }), { nil: null }),
    createdHours: fc.option(fc.integer({ min: 0, max: 24 * 500 }), { nil: null }),
  }),
});

const TZ_DEFS = `BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nDTSTART:19810329T020000\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nDTSTART:19961027T030000\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE`;

function timeProp(name: string, ms: number, zone: Zone): string {
  switch (zone) {
    case 'allday': return `${name};VALUE=DATE:${date(ms)}`;
    case 'utc': return `${name}:${wall(ms)}Z`;
    case 'floating': return `${name}:${wall(ms)}`;
    case 'zurich': return `${name};TZID=Europe/Zurich:${wall(ms)}`;
    case 'newyork': return `${name};TZID=America/New_York:${wall(ms)}`;
  }
}

/** Builds the iCalendar text of a spec (UID from `n`). */
function icsOf(spec: Spec, n: number): string {
  const start = BASE + spec.startHours * HOUR;
  const len = (spec.zone === 'allday' ? Math.max(1, Math.round(spec.lengthHours / 24)) * 24 : spec.lengthHours) * HOUR;
  const lines = [`UID:prefilter-${n}`, 'DTSTAMP:20260101T000000Z', timeProp('DTSTART', start, spec.zone), 'SUMMARY:prefilter'];
  if (spec.component === 'VEVENT') {
    if (spec.end === 'dtend') lines.push(timeProp('DTEND', start + len, spec.zone));
    if (spec.end === 'duration') lines.push(spec.zone === 'allday' ? `DURATION:P${len / (24 * HOUR)}D` : `DURATION:PT${len / HOUR}H`);
  } else {
    if (spec.todoTimes.due && spec.end !== 'duration') lines.push(timeProp('DUE', start + len, spec.zone));
    if (spec.end === 'duration' && !spec.todoTimes.due) lines.push(spec.zone === 'allday' ? `DURATION:P${Math.max(1, len / (24 * HOUR))}D` : `DURATION:PT${len / HOUR}H`);
    if (spec.todoTimes.completedHours !== null) lines.push(`COMPLETED:${wall(BASE + spec.todoTimes.completedHours * HOUR)}Z`);
    if (spec.todoTimes.createdHours !== null) lines.push(`CREATED:${wall(BASE + spec.todoTimes.createdHours * HOUR)}Z`);
  }
  const rule = spec.rule && spec.zone === 'allday' ? spec.rule.replace('FREQ=HOURLY', 'FREQ=DAILY').replace(/UNTIL=(\d{8})T\d{6}Z/, 'UNTIL=$1') : spec.rule;
  const fixedRule = rule && spec.zone !== 'allday' && /UNTIL=\d{8}(;|$)/.test(rule) ? rule.replace(/UNTIL=(\d{8})/, 'UNTIL=$1T000000Z') : rule;
  const components: string[] = [];
  if (fixedRule) {
    lines.push(`RRULE:${fixedRule}`);
    const step = /HOURLY/.test(fixedRule) ? HOUR : /DAILY/.test(fixedRule) ? 24 * HOUR : 7 * 24 * HOUR;
    if (spec.exdate !== null) lines.push(timeProp('EXDATE', start + spec.exdate * step, spec.zone));
    if (spec.override) {
      const rid = start + spec.override.nth * step;
      const moved = rid + spec.override.shiftHours * HOUR;
      const o = [`UID:prefilter-${n}`, 'DTSTAMP:20260101T000000Z', timeProp('RECURRENCE-ID', rid, spec.zone), timeProp('DTSTART', moved, spec.zone), 'SUMMARY:moved'];
      if (spec.component === 'VEVENT') o.push(timeProp('DTEND', moved + Math.max(len, spec.zone === 'allday' ? 24 * HOUR : 0), spec.zone));
      else o.push(timeProp('DUE', moved + len, spec.zone));
      components.push(`BEGIN:${spec.component}\r\n${o.join('\r\n')}\r\nEND:${spec.component}`);
    }
  }
  components.unshift(`BEGIN:${spec.component}\r\n${lines.join('\r\n')}\r\nEND:${spec.component}`);
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//prefilter//EN\r\n${TZ_DEFS}\r\n${components.join('\r\n')}\r\nEND:VCALENDAR\r\n`;
}

const rangeArb = fc.record({
  start: fc.option(fc.integer({ min: -24 * 30, max: 24 * 900 }), { nil: null }),
  hours: fc.option(fc.integer({ min: 1, max: 24 * 60 }), { nil: null }),
}).filter((r) => r.start !== null || r.hours !== null).map((r) => ({
  start: r.start === null ? null : new Date(BASE + r.start * HOUR),
  end: r.hours === null ? null : new Date(BASE + ((r.start ?? 24 * 400) + r.hours) * HOUR),
}));

describe('time-span prefilter (pure)', () => {
  it('never rejects an object that the exact §9.9 test finds (property, 3000 cases)', () => {
    fc.assert(fc.property(specArb, rangeArb, (spec, range) => {
      const ics = icsOf(spec, 1);
      if (!overlapsTimeRange(ics, spec.component, range)) return true;
      return spanAdmits(timeSpanOf(ics), range);
    }), { numRuns: 3000 });
  });

  it('is bounded where it can be: single events and COUNT/UNTIL series get both bounds, endless series an open end', () => {
    const single = timeSpanOf(icsOf({ component: 'VEVENT', zone: 'zurich', startHours: 100, lengthHours: 2, end: 'dtend', rule: null, exdate: null, override: null, todoTimes: { due: false, completedHours: null, createdHours: null } }, 1));
    expect(single.start).to.be.instanceOf(Date);
    expect(single.end).to.be.instanceOf(Date);
    expect(single.end!.getTime() - single.start!.getTime()).to.be.lessThan(3 * 86_400_000);
    const counted = timeSpanOf(icsOf({ component: 'VEVENT', zone: 'utc', startHours: 0, lengthHours: 1, end: 'dtend', rule: 'FREQ=DAILY;COUNT=5', exdate: null, override: null, todoTimes: { due: false, completedHours: null, createdHours: null } }, 1));
    expect(counted.end!.getTime()).to.be.at.least(BASE + 4 * 86_400_000 + HOUR);
    const untilSpec = { component: 'VEVENT', zone: 'newyork', startHours: 0, lengthHours: 3, end: 'dtend', rule: 'FREQ=DAILY;INTERVAL=3;UNTIL=20270301T000000Z', exdate: null, override: null, todoTimes: { due: false, completedHours: null, createdHours: null } } as const;
    const until = timeSpanOf(icsOf(untilSpec, 1));
    // Bounded by UNTIL plus the instance's length and the margin, not by walking the series.
    expect(until.end!.getTime()).to.be.at.least(Date.UTC(2027, 1, 27, 5) + 3 * HOUR);
    expect(until.end!.getTime()).to.be.at.most(Date.UTC(2027, 2, 1) + 3 * HOUR + 2 * 86_400_000);
    const endless = timeSpanOf(icsOf({ component: 'VEVENT', zone: 'utc', startHours: 0, lengthHours: 1, end: 'dtend', rule: 'FREQ=WEEKLY', exdate: null, override: null, todoTimes: { due: false, completedHours: null, createdHours: null } }, 1));
    expect(endless.start).to.be.instanceOf(Date);
    expect(endless.end).to.equal(null);
    expect(timeSpanOf('not ical')).to.deep.equal({ start: null, end: null });
  });

  it('an UNTIL series is bounded by its UNTIL, read the latest way: a floating UNTIL west of UTC, a DATE UNTIL of an all-day series', () => {
    const vcal = (lines: string[]) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//prefilter//EN\r\nBEGIN:VEVENT\r\nUID:until\r\nDTSTAMP:20260101T000000Z\r\n${lines.join('\r\n')}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    // The last instance is 10 January 23:00 in New York, 11 January 04:00–07:00 UTC.
    const floating = vcal(['DTSTART;TZID=America/New_York:20260105T230000', 'DTEND;TZID=America/New_York:20260106T020000', 'RRULE:FREQ=DAILY;UNTIL=20260110T230000']);
    const lastHour = { start: new Date('2026-01-11T06:00:00Z'), end: new Date('2026-01-11T07:00:00Z') };
    expect(overlapsTimeRange(floating, 'VEVENT', lastHour)).to.equal(true);
    expect(spanAdmits(timeSpanOf(floating), lastHour)).to.equal(true);
    // The last all-day instance is 10 January (Zurich), ending 10 January 23:00 UTC.
    const allDay = vcal(['DTSTART;VALUE=DATE:20260105', 'RRULE:FREQ=DAILY;UNTIL=20260110']);
    const lastEvening = { start: new Date('2026-01-10T22:00:00Z'), end: new Date('2026-01-10T22:30:00Z') };
    expect(overlapsTimeRange(allDay, 'VEVENT', lastEvening)).to.equal(true);
    expect(spanAdmits(timeSpanOf(allDay), lastEvening)).to.equal(true);
    for (const ics of [floating, allDay]) expect(timeSpanOf(ics).end!.getTime()).to.be.at.most(Date.UTC(2026, 0, 14));
  });
});

forEachDatabase('time-span prefilter in calendar-query (SQL)', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  const specs = fc.sample(specArb, { numRuns: 60, seed: 4791 });
  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db()));
    for (const [i, spec] of specs.entries()) {
      const path = `${spec.component === 'VEVENT' ? CAL() : TASKS()}prefilter-${i}.ics`;
      const res = await dav(app, 'PUT', path, { body: icsOf(spec, i), headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-None-Match': '*' } });
      expect(res.status, `${path}: ${res.text}`).to.be.oneOf([201, 204]);
    }
  });
  after(async () => close());

  it('returns exactly the objects the exact test finds, for 40 random ranges (events and to-dos)', async () => {
    const ranges = fc.sample(rangeArb, { numRuns: 40, seed: 6578 });
    for (const range of ranges) {
      const attr = (name: string, d: Date | null) => (d ? ` ${name}="${wall(d.getTime())}Z"` : '');
      for (const [component, path] of [['VEVENT', CAL()], ['VTODO', TASKS()]] as const) {
        const body = `${XML}<C:calendar-query ${NS}><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="${component}"><C:time-range${attr('start', range.start)}${attr('end', range.end)}/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`;
        const got = members((await report(app, path, body)).responses, path).map((r) => r.href).filter((h) => h.includes('prefilter-')).sort();
        const expected = specs.flatMap((s, i) => (s.component === component && overlapsTimeRange(icsOf(s, i), component, range) ? [`${path}prefilter-${i}.ics`] : [])).sort();
        expect(got, `${component} ${range.start?.toISOString()}…${range.end?.toISOString()}`).to.deep.equal(expected);
      }
    }
  });

  it('the index narrows: a range in 2020 touches no stored prefilter object except unbounded ones', async () => {
    const { KnexSyncIndex } = await import('../../../src/adapters/knex/KnexSyncIndex.ts');
    const index = new KnexSyncIndex(db());
    const user = await db()('users').where('login', 'max.muster').first('id');
    const state = await index.refresh({ userId: Number(user.id), kind: 'calendar' });
    const all = await index.listMembers(state, 0, 10_000);
    const narrowed = await index.listMembersInRange(state, { start: new Date('2020-01-01T00:00:00Z'), end: new Date('2020-02-01T00:00:00Z') }, 0, 10_000);
    expect(narrowed.length).to.be.lessThan(all.length);
    const names = await db()('dav_objects').where('kind', 'appointment').whereIn('object_id', narrowed.map((m) => m.objectId)).select('span_start', 'span_known');
    for (const n of names) expect(Number(n.span_known) === 0 || n.span_start === null).to.equal(true);
  });
});
