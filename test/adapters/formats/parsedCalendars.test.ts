import { expect } from 'chai';
import { readCalendarCached } from '../../../src/adapters/formats/icalendar/parsedCalendars.ts';
import { overlapsTimeRange } from '../../../src/adapters/formats/icalendar/timeRange.ts';

const weekly = (uid: string, extra = '') =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\n` +
  `DTSTART;TZID=Europe/Zurich:20260105T090000\r\nDTEND;TZID=Europe/Zurich:20260105T100000\r\nRRULE:FREQ=WEEKLY\r\n${extra}END:VEVENT\r\nEND:VCALENDAR\r\n`;

describe('parsed calendar objects kept for repeated time-range queries', () => {
  it('parses a text once and answers every range the same as a fresh parse', () => {
    const text = weekly('cache-1');
    expect(readCalendarCached(text)).to.equal(readCalendarCached(text));
    const ranges = [
      { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z'), hit: true },
      { start: new Date('2026-03-03T00:00:00Z'), end: new Date('2026-03-09T00:00:00Z'), hit: false },
      { start: new Date('2030-06-03T07:30:00Z'), end: new Date('2030-06-03T07:31:00Z'), hit: true },
      { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2026-01-05T07:59:00Z'), hit: false },
    ];
    // Twice over: the walk of one range must not leave anything behind in the kept object.
    for (let round = 0; round < 2; round++) {
      for (const r of ranges) expect(overlapsTimeRange(text, 'VEVENT', r), `${r.start.toISOString()} round ${round}`).to.equal(r.hit);
    }
  });

  it('answers a repeated range from the last answer, but never another range\'s or another limit\'s', () => {
    const text = weekly('cache-5');
    const march2 = { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z') };
    const march3 = { start: new Date('2026-03-03T00:00:00Z'), end: new Date('2026-03-09T00:00:00Z') };
    const twoInstancesOnly = { recurrenceInstancesExamined: 2, recurrenceSteps: 50_000 };
    for (let round = 0; round < 2; round++) {
      expect(overlapsTimeRange(text, 'VEVENT', march2), `march 2, round ${round}`).to.equal(true);
      expect(overlapsTimeRange(text, 'VEVENT', march2), `march 2 again, round ${round}`).to.equal(true);
      expect(overlapsTimeRange(text, 'VEVENT', march3), `march 3, round ${round}`).to.equal(false);
      // A series too long to examine under these limits counts as overlapping every range.
      expect(overlapsTimeRange(text, 'VEVENT', march3, twoInstancesOnly), `march 3 capped, round ${round}`).to.equal(true);
      expect(overlapsTimeRange(text, 'VEVENT', march3), `march 3 uncapped, round ${round}`).to.equal(false);
      expect(overlapsTimeRange(text, 'VTODO', march2), `as a VTODO, round ${round}`).to.equal(false);
    }
  });

  it('a changed object is new text, parsed anew', () => {
    const before = weekly('cache-2');
    const after = weekly('cache-2', 'EXDATE;TZID=Europe/Zurich:20260302T090000\r\n');
    const march2 = { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z') };
    expect(overlapsTimeRange(before, 'VEVENT', march2)).to.equal(true);
    expect(overlapsTimeRange(after, 'VEVENT', march2)).to.equal(false);
    expect(readCalendarCached(after)).to.not.equal(readCalendarCached(before));
  });

  it('does not keep texts longer than one entry may be, and stays bounded', () => {
    const huge = weekly('cache-3', `DESCRIPTION:${'x'.repeat(70_000)}\r\n`);
    expect(readCalendarCached(huge)).to.not.equal(readCalendarCached(huge));
    const first = weekly('cache-4');
    const kept = readCalendarCached(first);
    // ~2 MB of other texts push the first one out.
    for (let i = 0; i < 60; i++) readCalendarCached(weekly(`filler-${i}`, `DESCRIPTION:${'y'.repeat(40_000)}\r\n`));
    expect(readCalendarCached(first)).to.not.equal(kept);
  });
});
