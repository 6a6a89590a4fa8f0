import { expect } from 'chai';
import ICAL from 'ical.js';
import { InvalidObjectData, TooManyInstances } from '../../../src/domain/index.ts';
import { DEFAULT_LIMITS, recurrenceAllowance } from '../../../src/ports/index.ts';
import { boundedIterator, RecurrenceBudgetExceeded, StepBudget } from '../../../src/adapters/formats/icalendar/boundedIterator.ts';
import { impossibleRuleReason } from '../../../src/adapters/formats/icalendar/ruleFeasibility.ts';
import { ICalendarCodec, overlapsTimeRange, expandRecurrences } from '../../../src/adapters/formats/icalendar/index.ts';
import { timeSpanOf } from '../../../src/adapters/formats/icalendar/timeSpan.ts';
import { instancesWalked } from '../../support/recurrenceSpy.ts';

function series(rrule: string, dtstart = 'DTSTART:20260105T090000Z', extra: string[] = []): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', 'UID:hostile-1', 'DTSTAMP:20260101T000000Z',
    dtstart, 'DURATION:PT1H', `RRULE:${rrule}`, 'SUMMARY:Serie', ...extra, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

/** Rules on which ical.js 2.2 never returns from one `next()` (issue 9, finding 1). */
const SPINNING_RULES = [
  'FREQ=DAILY;COUNT=3;BYMONTH=2;BYMONTHDAY=30',
  'FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31',
  'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
  'FREQ=MINUTELY;BYMONTH=6;BYMONTHDAY=31',
  'FREQ=SECONDLY;BYMONTH=11;BYMONTHDAY=-31',
  'FREQ=DAILY;BYDAY=1MO',
  'FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=20',
  'FREQ=MONTHLY;BYDAY=9MO',
  'FREQ=DAILY;BYMONTHDAY=0',
  'FREQ=MINUTELY;BYSECOND=60',
];

describe('bounded recurrence (issue 9, finding 1)', () => {
  describe('impossible rules are recognised before iterating', () => {
    for (const rule of SPINNING_RULES) {
      it(`${rule} can never occur`, () => {
        expect(impossibleRuleReason(ICAL.Recur.fromString(rule))).to.be.a('string');
      });
    }
    for (const rule of ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'FREQ=MONTHLY;BYMONTHDAY=31', 'FREQ=MONTHLY;BYDAY=-1FR', 'FREQ=MONTHLY;BYDAY=5SU;BYMONTHDAY=29,30,31',
      'FREQ=WEEKLY;BYDAY=MO,WE,FR', 'FREQ=DAILY;BYMONTH=4;BYMONTHDAY=30', 'FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH', 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1']) {
      it(`${rule} is possible`, () => {
        expect(impossibleRuleReason(ICAL.Recur.fromString(rule))).to.equal(null);
      });
    }
  });

  it('the step budget stops ical.js inside a single next() that would never return', () => {
    const rule = ICAL.Recur.fromString('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30');
    const iterator = boundedIterator(rule, ICAL.Time.fromData({ year: 2026, month: 1, day: 5, hour: 9 }), new StepBudget(5_000));
    expect(iterator.next()?.day).to.equal(5); // DTSTART itself
    expect(() => iterator.next()).to.throw(RecurrenceBudgetExceeded);
  });

  it('the step budget also bounds the year search of init() for YEARLY rules', () => {
    // 29 February on a Monday: init() searches the years until 2044 before the first next().
    const rule = ICAL.Recur.fromString('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO');
    const start = ICAL.Time.fromData({ year: 2026, month: 1, day: 5 });
    expect(() => boundedIterator(rule, start, new StepBudget(10))).to.throw(RecurrenceBudgetExceeded);
    expect(String(boundedIterator(rule, start, new StepBudget(1_000)).next())).to.equal('2044-02-29');
  });

  it('the step budget bounds a huge INTERVAL, which ical.js walks day by day inside one call', () => {
    for (const freq of ['DAILY', 'WEEKLY']) {
      const rule = ICAL.Recur.fromString(`FREQ=${freq};INTERVAL=772154833`);
      const iterator = boundedIterator(rule, ICAL.Time.fromData({ year: 2026, month: 1, day: 5, hour: 9 }), new StepBudget(DEFAULT_LIMITS.recurrenceSteps));
      iterator.next();
      expect(() => { for (let i = 0; i < 10 && iterator.next(); i++); }, freq).to.throw(RecurrenceBudgetExceeded);
    }
  });

  it('an HOURLY, MINUTELY or SECONDLY increment is charged by the months it covers (ical.js normalises the time month by month)', () => {
    // Fuzz finding: FREQ=HOURLY;INTERVAL=785570583;BYMONTH=2;BYMONTHDAY=3 walked a million months per
    // candidate, 50 000 candidates long: one PUT held the event loop for many minutes.
    for (const rule of ['FREQ=HOURLY;INTERVAL=785570583;BYMONTH=2', 'FREQ=MINUTELY;INTERVAL=999999999;BYMONTH=2', 'FREQ=SECONDLY;INTERVAL=1999999999;BYMONTH=2']) {
      const iterator = boundedIterator(ICAL.Recur.fromString(rule), ICAL.Time.fromData({ year: 2026, month: 12, day: 7, hour: 9 }), new StepBudget(100));
      expect(String(iterator.next()), rule).to.equal('2026-12-07T09:00:00');
      expect(() => iterator.next(), rule).to.throw(RecurrenceBudgetExceeded);
    }
  });

  it('an ordinary hourly series is unaffected by that charge', () => {
    const rule = ICAL.Recur.fromString('FREQ=HOURLY;INTERVAL=2;COUNT=500');
    const iterator = boundedIterator(rule, ICAL.Time.fromData({ year: 2026, month: 1, day: 5, hour: 9 }), new StepBudget(DEFAULT_LIMITS.recurrenceSteps));
    let n = 0;
    while (iterator.next()) n++;
    expect(n).to.equal(500);
  });

  it('an ordinary series is unaffected by the budget', () => {
    const rule = ICAL.Recur.fromString('FREQ=WEEKLY;BYDAY=MO,TH;COUNT=500');
    const iterator = boundedIterator(rule, ICAL.Time.fromData({ year: 2026, month: 1, day: 5, hour: 9 }), new StepBudget(DEFAULT_LIMITS.recurrenceSteps));
    let n = 0;
    while (iterator.next()) n++;
    expect(n).to.equal(500);
  });

  describe('a stored impossible rule is its DTSTART alone (RFC 5545 §3.8.5.3)', () => {
    for (const rule of SPINNING_RULES) {
      it(`${rule}: time span, time-range test and expand answer`, () => {
        const ics = series(rule);
        const span = timeSpanOf(ics);
        expect(span.end, 'bounded span').to.not.equal(null);
        expect(overlapsTimeRange(ics, 'VEVENT', { start: new Date('2026-01-05T00:00:00Z'), end: new Date('2026-01-06T00:00:00Z') })).to.equal(true);
        expect(overlapsTimeRange(ics, 'VEVENT', { start: new Date('2026-02-01T00:00:00Z'), end: new Date('2030-01-01T00:00:00Z') })).to.equal(false);
        const expanded = expandRecurrences(ics, { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
        expect(expanded.match(/BEGIN:VEVENT/g)).to.have.length(1);
      });
    }
  });

  it('a rule the checker does not know is cut short by the budget and answered conservatively', () => {
    // Every second, but only at 09:00:00 on 29 February: possible, yet ~31 million steps apart.
    const ics = series('FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9;BYMINUTE=0;BYSECOND=0;COUNT=5');
    expect(impossibleRuleReason(ICAL.Recur.fromString('FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9;BYMINUTE=0;BYSECOND=0;COUNT=5'))).to.equal(null);
    expect(timeSpanOf(ics).end).to.equal(null);
    expect(overlapsTimeRange(ics, 'VEVENT', { start: new Date('2031-01-01T00:00:00Z'), end: new Date('2031-01-02T00:00:00Z') })).to.equal(true);
  });

  it('expand refuses more instances than max-instances for one object', () => {
    const ics = series('FREQ=SECONDLY');
    expect(() => expandRecurrences(ics, { start: new Date('2026-01-05T00:00:00Z'), end: new Date('2026-01-06T00:00:00Z') })).to.throw(TooManyInstances);
    const few = expandRecurrences(ics, { start: new Date('2026-01-05T09:00:00Z'), end: new Date('2026-01-05T09:00:10Z') }, { ...DEFAULT_LIMITS, maxInstances: 20 });
    expect(few.match(/BEGIN:VEVENT/g)).to.have.length(10);
  });

  describe('device writes (codec validation)', () => {
    const codec = new ICalendarCodec(() => new Date('2026-01-01T00:00:00Z'));
    it('refuses a rule that can never occur as invalid calendar data', () => {
      expect(() => codec.parse(series('FREQ=DAILY;COUNT=3;BYMONTH=2;BYMONTHDAY=30'))).to.throw(InvalidObjectData, /never occur/);
    });
    it('refuses a COUNT above max-instances', () => {
      expect(() => codec.parse(series(`FREQ=DAILY;COUNT=${DEFAULT_LIMITS.maxInstances + 1}`))).to.throw(TooManyInstances);
    });
    it('refuses a rule whose first instances cannot be found within the step budget', () => {
      expect(() => codec.parse(series('FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9;BYMINUTE=0;BYSECOND=0'))).to.throw(InvalidObjectData, /too expensive/);
    });
    it('refuses at once an hourly rule with a huge INTERVAL and a month it never reaches (fuzz finding: it held the server for minutes)', () => {
      expect(() => codec.parse(series('FREQ=HOURLY;INTERVAL=785570583;BYMONTH=2;BYMONTHDAY=3', 'DTSTART:20261207T090000Z'))).to.throw(InvalidObjectData, /too expensive/);
    });
    it('a huge INTERVAL that leaves four-digit years ends the series instead of failing (fuzz finding)', () => {
      const ics = series('FREQ=YEARLY;BYMONTH=10,6;BYMONTH=2,2,11,11;BYHOUR=16;BYMONTH=8;INTERVAL=279927284', 'DTSTART:20261207T090000Z');
      expect(codec.parse(ics).uid).to.equal('hostile-1');
      expect(overlapsTimeRange(ics, 'VEVENT', { start: new Date('2026-12-01T00:00:00Z'), end: new Date('9999-01-01T00:00:00Z') })).to.be.a('boolean');
      expect(timeSpanOf(ics).start).to.be.instanceOf(Date);
    });
    it('tries an open-ended series for its first year only (a weekly one was walked 1 000 instances deep, ~14 ms per PUT)', async () => {
      // 53 Mondays of the first year, then the first one after it ends the trial.
      expect(await instancesWalked(() => codec.parse(series('FREQ=WEEKLY;BYDAY=MO')))).to.be.within(53, 55);
      expect(await instancesWalked(() => codec.parse(series('FREQ=MONTHLY;BYMONTHDAY=5')))).to.be.within(13, 14);
      // Every minute of the year would be 525 600: the trial stops at 1 000.
      expect(await instancesWalked(() => codec.parse(series('FREQ=MINUTELY')))).to.be.within(1000, 1001);
      // UNTIL bounds the time span by itself: storing a ten-year daily series walks nothing more.
      const untilSeries = series('FREQ=DAILY;UNTIL=20360105T090000Z', 'DTSTART:20260105T090000Z', ['X-NONCE:until']);
      expect(await instancesWalked(() => codec.timeSpan(untilSeries))).to.equal(0);
      expect(codec.timeSpan(untilSeries).end!.getTime()).to.be.at.least(Date.UTC(2036, 0, 5, 10));
    });
    it('accepts the rules clients create', () => {
      for (const rule of ['FREQ=WEEKLY;BYDAY=MO', 'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20301231T000000Z', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'FREQ=DAILY;COUNT=10000']) {
        expect(codec.parse(series(rule)).uid).to.equal('hostile-1');
      }
    });
  });
});

describe("one request's recurrence work is bounded over all its objects (hostile neighbour: a calendar-query grew with every costly series stored)", () => {
  const week = { start: new Date('2026-12-07T00:00:00Z'), end: new Date('2026-12-14T00:00:00Z') };
  // Every second from a week before the window: each time-range test walks its 20 000 instances, then answers "overlaps".
  const costly = (n: number) => series('FREQ=SECONDLY', 'DTSTART:20261130T090000Z', [`X-N:${n}-${Math.random()}`]);

  it('series evaluated under one allowance stop drawing on it once it is used up, and are answered conservatively', async () => {
    const texts = [1, 2, 3, 4, 5].map(costly);
    const allowance = recurrenceAllowance(30_000);
    const answers: boolean[] = [];
    const walked = await instancesWalked(() => { for (const t of texts) answers.push(overlapsTimeRange(t, 'VEVENT', week, { ...DEFAULT_LIMITS, allowance })); });
    expect(answers).to.deep.equal([true, true, true, true, true]);
    // Without the allowance: 5 × 20 000.
    expect(walked).to.be.within(30_000, 30_010);
  });

  it("an answer cut short by the request's allowance is not kept for the next request; a complete one is", async () => {
    const text = costly(6);
    expect(overlapsTimeRange(text, 'VEVENT', week, { ...DEFAULT_LIMITS, allowance: recurrenceAllowance(100) })).to.equal(true);
    expect(await instancesWalked(() => overlapsTimeRange(text, 'VEVENT', week, { ...DEFAULT_LIMITS, allowance: recurrenceAllowance(100_000) }))).to.be.above(1000);
    expect(await instancesWalked(() => overlapsTimeRange(text, 'VEVENT', week, { ...DEFAULT_LIMITS, allowance: recurrenceAllowance(100_000) }))).to.equal(0);
  });

  it('expand charges every instance it writes out, and refuses (max-instances) once the request has used up its allowance', () => {
    const daily = series('FREQ=DAILY;COUNT=200', 'DTSTART:20260105T090000Z', ['X-N:daily']);
    const year = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') };
    expect(expandRecurrences(daily, year, { ...DEFAULT_LIMITS, allowance: recurrenceAllowance(1_000) }).match(/BEGIN:VEVENT/g)).to.have.length(200);
    const shared = recurrenceAllowance(1_000);
    expandRecurrences(daily, year, { ...DEFAULT_LIMITS, allowance: shared });
    // 200 instances, each found (1 step) and written (4): the second expansion runs out.
    expect(() => expandRecurrences(daily, year, { ...DEFAULT_LIMITS, allowance: shared })).to.throw(TooManyInstances, /as many instances as it may/);
  });
});

describe('what is stored can be served (issue 9, finding 5)', () => {
  const codec = new ICalendarCodec(() => new Date('2026-01-01T00:00:00Z'));
  it('refuses a body ical.js accepts but the merger cannot read (END:VALARM after END:VEVENT)', () => {
    const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:p1', 'DTSTART:20260105T090000Z', 'SUMMARY:x', 'BEGIN:VALARM', 'TRIGGER:-PT15M', 'ACTION:DISPLAY',
      'END:VEVENT', 'END:VALARM', 'END:VCALENDAR', ''].join('\r\n');
    expect(() => ICAL.parse(ics)).to.not.throw();
    expect(() => codec.parse(ics)).to.throw(InvalidObjectData, /well-formed/);
  });
});
