import { expect } from 'chai';
import fc from 'fast-check';
import { instancesWalked } from '../../support/recurrenceSpy.ts';
import { instantOf } from '../../../src/adapters/formats/icalendar/zoneMath.ts';
import { expandRecurrences, limitRecurrenceSet, overlapsTimeRange } from '../../../src/adapters/formats/icalendar/index.ts';
import { contentLines, fixture } from './fixtures.ts';

const range = (start: string | null, end: string | null) => ({ start: start ? new Date(start) : null, end: end ? new Date(end) : null });
const cal = (body: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n${body}END:VCALENDAR\r\n`;
const event = (props: string) => cal(`BEGIN:VEVENT\r\nUID:e\r\n${props}END:VEVENT\r\n`);
const todo = (props: string) => cal(`BEGIN:VTODO\r\nUID:t\r\n${props}END:VTODO\r\n`);

describe('overlapsTimeRange (RFC 4791 §9.9)', () => {
  const series = fixture('ios-recurring-event.ics'); // Mondays 09:00-10:00 Zurich from 2025-01-06

  it('finds a recurring series through a later occurrence only', () => {
    expect(overlapsTimeRange(series, 'VEVENT', range('2025-02-03T08:30:00Z', '2025-02-03T09:30:00Z'))).to.equal(true);
    expect(overlapsTimeRange(series, 'VEVENT', range('2026-06-01T07:00:00Z', '2026-06-01T09:00:00Z'))).to.equal(true);
  });

  it('does not find it by the EXDATE slot or the slot its moved instance left', () => {
    expect(overlapsTimeRange(series, 'VEVENT', range('2025-01-20T08:00:00Z', '2025-01-20T09:00:00Z'))).to.equal(false);
    expect(overlapsTimeRange(series, 'VEVENT', range('2025-01-27T08:00:00Z', '2025-01-27T09:00:00Z'))).to.equal(false);
    expect(overlapsTimeRange(series, 'VEVENT', range('2025-01-28T00:00:00Z', '2025-01-28T23:00:00Z'))).to.equal(false);
  });

  it('finds it where the instance was moved to, and not before the series starts', () => {
    expect(overlapsTimeRange(series, 'VEVENT', range('2025-01-29T13:30:00Z', '2025-01-29T13:45:00Z'))).to.equal(true);
    expect(overlapsTimeRange(series, 'VEVENT', range('2024-12-01T00:00:00Z', '2025-01-06T08:00:00Z'))).to.equal(false);
  });

  it('treats the end of the range and of the event as exclusive', () => {
    expect(overlapsTimeRange(series, 'VEVENT', range('2025-02-03T09:00:00Z', '2025-02-03T10:00:00Z'))).to.equal(false);
    expect(overlapsTimeRange(series, 'VEVENT', range('2025-02-03T07:00:00Z', '2025-02-03T08:00:00Z'))).to.equal(false);
  });

  it('handles open-ended ranges', () => {
    expect(overlapsTimeRange(series, 'VEVENT', range('2030-01-01T00:00:00Z', null))).to.equal(true);
    expect(overlapsTimeRange(series, 'VEVENT', range(null, '2025-01-06T08:30:00Z'))).to.equal(true);
    expect(overlapsTimeRange(series, 'VEVENT', range(null, '2025-01-06T08:00:00Z'))).to.equal(false);
    const single = event('DTSTART:20250301T100000Z\r\nDTEND:20250301T110000Z\r\n');
    expect(overlapsTimeRange(single, 'VEVENT', range('2025-03-01T10:59:00Z', null))).to.equal(true);
    expect(overlapsTimeRange(single, 'VEVENT', range('2025-03-01T11:00:00Z', null))).to.equal(false);
    expect(overlapsTimeRange(single, 'VEVENT', range(null, null))).to.equal(true);
  });

  it('reads all-day events as Zurich days, with exclusive DTEND', () => {
    const allDay = event('DTSTART;VALUE=DATE:20250801\r\nDTEND;VALUE=DATE:20250802\r\n');
    expect(overlapsTimeRange(allDay, 'VEVENT', range('2025-07-31T22:00:00Z', '2025-07-31T23:00:00Z'))).to.equal(true);
    expect(overlapsTimeRange(allDay, 'VEVENT', range('2025-07-31T20:00:00Z', '2025-07-31T22:00:00Z'))).to.equal(false);
    expect(overlapsTimeRange(allDay, 'VEVENT', range('2025-08-01T22:00:00Z', '2025-08-02T10:00:00Z'))).to.equal(false);
    const yearly = event('DTSTART;VALUE=DATE:20200801\r\nRRULE:FREQ=YEARLY\r\n');
    expect(overlapsTimeRange(yearly, 'VEVENT', range('2027-08-01T10:00:00Z', '2027-08-01T11:00:00Z'))).to.equal(true);
    expect(overlapsTimeRange(yearly, 'VEVENT', range('2027-08-02T10:00:00Z', '2027-08-02T11:00:00Z'))).to.equal(false);
  });

  it('applies the zero-duration rule to a DTSTART-only timed event', () => {
    const instant = event('DTSTART:20250301T100000Z\r\n');
    expect(overlapsTimeRange(instant, 'VEVENT', range('2025-03-01T10:00:00Z', '2025-03-01T10:30:00Z'))).to.equal(true);
    expect(overlapsTimeRange(instant, 'VEVENT', range('2025-03-01T09:00:00Z', '2025-03-01T10:00:00Z'))).to.equal(false);
  });

  it('honours RDATE and Outlook Windows TZIDs', () => {
    const rdate = event('DTSTART:20250301T100000Z\r\nDTEND:20250301T110000Z\r\nRDATE:20250915T100000Z\r\n');
    expect(overlapsTimeRange(rdate, 'VEVENT', range('2025-09-15T10:30:00Z', '2025-09-15T10:45:00Z'))).to.equal(true);
    const outlook = fixture('outlook-caldavsynchronizer-event.ics'); // 10:00-11:30 Berlin summer time
    expect(overlapsTimeRange(outlook, 'VEVENT', range('2025-06-12T09:00:00Z', '2025-06-12T10:00:00Z'))).to.equal(true);
    expect(overlapsTimeRange(outlook, 'VEVENT', range('2025-06-12T09:30:00Z', '2025-06-12T10:00:00Z'))).to.equal(false);
  });

  it('answers quickly for long daily series and conservatively for huge ones', () => {
    const daily = event('DTSTART;TZID=Europe/Zurich:20150105T080000\r\nDTEND;TZID=Europe/Zurich:20150105T083000\r\nRRULE:FREQ=DAILY\r\n');
    const ended = event('DTSTART:20150105T080000Z\r\nDTEND:20150105T083000Z\r\nRRULE:FREQ=DAILY;UNTIL=20200101T000000Z\r\n');
    const minutely = event('DTSTART:20150105T080000Z\r\nRRULE:FREQ=MINUTELY;BYSECOND=0\r\n');
    const t0 = performance.now();
    expect(overlapsTimeRange(daily, 'VEVENT', range('2025-03-31T06:00:00Z', '2025-03-31T06:10:00Z'))).to.equal(true);
    expect(overlapsTimeRange(daily, 'VEVENT', range('2025-03-31T07:00:00Z', '2025-03-31T08:00:00Z'))).to.equal(false);
    expect(overlapsTimeRange(ended, 'VEVENT', range('2025-01-01T00:00:00Z', null))).to.equal(false);
    expect(overlapsTimeRange(minutely, 'VEVENT', range('2025-01-01T00:00:30Z', '2025-01-01T00:00:40Z'))).to.equal(true);
    expect(performance.now() - t0).to.be.lessThan(2000);
  });

  it('rejects the other component type and unreadable data', () => {
    expect(overlapsTimeRange(series, 'VTODO', range(null, null))).to.equal(false);
    expect(overlapsTimeRange('garbage', 'VEVENT', range(null, null))).to.equal(false);
  });
});

describe('overlapsTimeRange for VTODO (RFC 4791 §9.9 table)', () => {
  const r = range('2025-03-10T00:00:00Z', '2025-03-11T00:00:00Z');
  const cases: [string, string, boolean][] = [
    ['DTSTART + DURATION inside', 'DTSTART:20250310T100000Z\r\nDURATION:PT1H\r\n', true],
    ['DTSTART + DURATION before', 'DTSTART:20250309T100000Z\r\nDURATION:PT1H\r\n', false],
    ['DTSTART + DUE spanning', 'DTSTART:20250301T100000Z\r\nDUE:20250320T100000Z\r\n', true],
    ['DTSTART + DUE after', 'DTSTART:20250311T100000Z\r\nDUE:20250320T100000Z\r\n', false],
    ['DTSTART only inside', 'DTSTART:20250310T100000Z\r\n', true],
    ['DTSTART only before', 'DTSTART:20250301T100000Z\r\n', false],
    ['DUE only inside', 'DUE:20250310T170000Z\r\n', true],
    ['DUE only at range end (end >= DUE)', 'DUE:20250311T000000Z\r\n', true],
    ['DUE only at range start (start < DUE fails)', 'DUE:20250310T000000Z\r\n', false],
    ['COMPLETED + CREATED around', 'CREATED:20250301T000000Z\r\nCOMPLETED:20250320T000000Z\r\n', true],
    ['COMPLETED + CREATED before', 'CREATED:20250301T000000Z\r\nCOMPLETED:20250305T000000Z\r\n', false],
    ['COMPLETED only inside', 'COMPLETED:20250310T120000Z\r\n', true],
    ['CREATED only, later', 'CREATED:20250312T000000Z\r\n', false],
    ['CREATED only, earlier', 'CREATED:20250101T000000Z\r\n', true],
    ['no dates', 'SUMMARY:x\r\n', true],
  ];
  for (const [what, props, expected] of cases) {
    it(`${what} → ${expected}`, () => {
      expect(overlapsTimeRange(todo(props), 'VTODO', r)).to.equal(expected);
    });
  }

  it('evaluates the DAVx5 task in its own zone', () => {
    const text = fixture('davx5-task.ics'); // 2025-03-10 08:00 - 2025-03-14 17:00 Zurich
    expect(overlapsTimeRange(text, 'VTODO', range('2025-03-12T00:00:00Z', '2025-03-13T00:00:00Z'))).to.equal(true);
    expect(overlapsTimeRange(text, 'VTODO', range('2025-03-14T16:30:00Z', null))).to.equal(false);
  });
});

describe('expandRecurrences and limitRecurrenceSet (RFC 4791 §9.6.5, §9.6.6)', () => {
  const series = fixture('ios-recurring-event.ics');
  const january = range('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z');

  it('expands January into UTC instances without the EXDATE and with the moved instance', () => {
    const lines = contentLines(expandRecurrences(series, january));
    expect(lines.filter((l) => l.startsWith('RECURRENCE-ID'))).to.deep.equal([
      'RECURRENCE-ID:20250127T080000Z', 'RECURRENCE-ID:20250106T080000Z', 'RECURRENCE-ID:20250113T080000Z',
    ]);
    expect(lines.filter((l) => l.startsWith('DTSTART'))).to.deep.equal(['DTSTART:20250129T130000Z', 'DTSTART:20250106T080000Z', 'DTSTART:20250113T080000Z']);
    expect(lines.some((l) => /^(RRULE|EXDATE|BEGIN:VTIMEZONE)/.test(l) || l.includes('TZID'))).to.equal(false);
    expect(lines).to.include('TRIGGER:-PT10M');
  });

  it('expands across the DST switch with the right UTC times', () => {
    const lines = contentLines(expandRecurrences(series, range('2025-03-24T00:00:00Z', '2025-04-01T00:00:00Z')));
    expect(lines.filter((l) => l.startsWith('DTSTART'))).to.deep.equal(['DTSTART:20250324T080000Z', 'DTSTART:20250331T070000Z']);
  });

  it('limits the recurrence set to the master and overlapping overrides', () => {
    const february = contentLines(limitRecurrenceSet(series, range('2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z')));
    expect(february.filter((l) => l === 'BEGIN:VEVENT')).to.have.length(1);
    expect(february).to.include('RRULE:FREQ=WEEKLY;BYDAY=MO');
    const january29 = contentLines(limitRecurrenceSet(series, range('2025-01-29T00:00:00Z', '2025-01-30T00:00:00Z')));
    expect(january29.filter((l) => l === 'BEGIN:VEVENT')).to.have.length(2);
    expect(january29).to.include('BEGIN:VTIMEZONE');
  });
});

describe('sub-daily series jump to the queried range (FREQ=HOURLY/MINUTELY without BY parts)', () => {
  const MIN = 60_000;
  const DAY_MS = 86_400_000;
  /** The instants of a plain sub-daily rule, counted from DTSTART on the wall clock as RFC 5545 iterates it. */
  function expectedStarts(startWall: number, periodMs: number, from: number, to: number, lengthMs: number): string[] {
    const keys = new Set<string>();
    for (let wall = startWall; wall < to + DAY_MS; wall += periodMs) {
      const d = new Date(wall);
      const at = instantOf('Europe/Zurich', { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: 0 }).getTime();
      if (at < to && at + lengthMs > from) keys.add(new Date(at).toISOString().replace(/[-:]|\.\d{3}/g, ''));
    }
    return [...keys].sort();
  }

  it('expands exactly the instances a walk from DTSTART finds, across DST changes (property, 60 cases)', () => {
    fc.assert(fc.property(
      fc.constantFrom('HOURLY', 'MINUTELY'), fc.integer({ min: 1, max: 29 }), fc.integer({ min: 0, max: 400 * 24 * 60 }),
      fc.constantFrom('2026-03-28T18:00:00Z', '2026-10-24T20:00:00Z', '2026-06-10T00:00:00Z'), fc.integer({ min: 1, max: 36 }),
      (freq, interval, startMinutes, windowStart, windowHours) => {
        const ruleInterval = freq === 'MINUTELY' ? interval * 7 : interval;
        const periodMs = (freq === 'HOURLY' ? 60 : 1) * MIN * ruleInterval;
        const startWall = Date.UTC(2025, 0, 1) + startMinutes * MIN;
        const wall = new Date(startWall).toISOString().replace(/[-:]|\.\d{3}Z/g, '');
        const ics = event(`DTSTAMP:20250101T000000Z\r\nDTSTART;TZID=Europe/Zurich:${wall}\r\nDURATION:PT10M\r\nRRULE:FREQ=${freq};INTERVAL=${ruleInterval}\r\n`);
        const from = Date.parse(windowStart);
        const to = from + windowHours * 3_600_000;
        const out = expandRecurrences(ics, { start: new Date(from), end: new Date(to) });
        const got = [...out.matchAll(/RECURRENCE-ID:(\d{8}T\d{6}Z)/g)].map((m) => m[1]!).sort();
        expect(got).to.deep.equal(expectedStarts(startWall, periodMs, from, to, 10 * MIN));
      },
    ), { numRuns: 60 });
  });

  it('needs a handful of instances instead of walking from DTSTART (an hourly series from last year)', async () => {
    const ics = event('DTSTAMP:20250101T000000Z\r\nDTSTART;TZID=Europe/Zurich:20250101T003000\r\nDURATION:PT10M\r\nRRULE:FREQ=HOURLY;INTERVAL=5\r\n');
    const calls = await instancesWalked(() => expect(overlapsTimeRange(ics, 'VEVENT', range('2026-03-29T00:00:00Z', '2026-03-29T05:00:00Z'))).to.equal(true));
    // From DTSTART: ~2 150 instances; from a day before the range: a few more than 5.
    expect(calls).to.be.below(30);
  });
});
