import { expect } from 'chai';
import type { AppointmentFields, TaskFields } from '../../../src/domain/index.ts';
import { ICalendarCodec } from '../../../src/adapters/formats/icalendar/index.ts';
import { contentLines, fixture } from './fixtures.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
const codec = new ICalendarCodec(() => NOW);

const MEETING: AppointmentFields = {
  title: 'Beratung; Hypothek, Müller',
  location: 'Zürich',
  description: 'Zeile 1\nZeile 2 mit \\ Backslash',
  timing: { allDay: false, start: new Date('2025-03-30T08:00:00Z'), end: new Date('2025-03-30T09:00:00Z'), timeZone: 'Europe/Zurich' },
  recurrenceRule: null,
};

const TASK: TaskFields = {
  title: 'Police erneuern', description: null, due: new Date('2025-03-07T00:00:00Z'), dueAllDay: true,
  status: 'in-progress', priority: 'high', percentComplete: 20, completedAt: null, contactId: null,
};

describe('ICalendarCodec.renderAppointment', () => {
  it('stamps DTSTAMP with the record\'s last change when given, so that one version always renders to the same text (RFC 5545 §3.8.7.2)', () => {
    const changedAt = new Date('2025-05-20T07:30:15Z');
    const early = new ICalendarCodec(() => new Date('2025-06-01T12:00:00Z'));
    const late = new ICalendarCodec(() => new Date('2025-06-01T12:00:05Z'));
    const first = early.renderAppointment('u-1', MEETING, null, undefined, changedAt);
    expect(contentLines(first)).to.include('DTSTAMP:20250520T073015Z');
    expect(late.renderAppointment('u-1', MEETING, null, undefined, changedAt)).to.equal(first);
    expect(contentLines(late.renderTask('t-1', TASK, null, undefined, changedAt))).to.include('DTSTAMP:20250520T073015Z');
    // Merged into a stored text whose master changed, as after an edit in BrokerStar.
    const edited = { ...MEETING, title: 'Neu' };
    expect(early.renderAppointment('u-1', edited, first, undefined, changedAt)).to.equal(late.renderAppointment('u-1', edited, first, undefined, changedAt));
  });

  it('writes a VCALENDAR with PRODID, CALSCALE, a VTIMEZONE and local DTSTART/DTEND', () => {
    const lines = contentLines(codec.renderAppointment('u-1', MEETING, null));
    expect(lines.slice(0, 4)).to.deep.equal(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//BrokerStar//BrokerStar DAV//DE', 'CALSCALE:GREGORIAN']);
    expect(lines).to.include.members([
      'BEGIN:VTIMEZONE', 'TZID:Europe/Zurich', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
      'UID:u-1', 'DTSTAMP:20250601T120000Z', 'SUMMARY:Beratung\\; Hypothek\\, Müller', 'LOCATION:Zürich',
      'DESCRIPTION:Zeile 1\\nZeile 2 mit \\\\ Backslash',
      'DTSTART;TZID=Europe/Zurich:20250330T100000', 'DTEND;TZID=Europe/Zurich:20250330T110000',
    ]);
  });

  it('round-trips through parse, also for all-day and recurring appointments', () => {
    const allDay: AppointmentFields = { ...MEETING, timing: { allDay: true, startDate: '2025-08-01', endDate: '2025-08-02' }, recurrenceRule: 'FREQ=YEARLY' };
    for (const fields of [MEETING, allDay]) {
      expect(codec.parse(codec.renderAppointment('u', fields, null)).appointment).to.deep.equal(fields);
    }
    const lines = contentLines(codec.renderAppointment('u', allDay, null));
    expect(lines).to.include.members(['DTSTART;VALUE=DATE:20250801', 'DTEND;VALUE=DATE:20250802', 'RRULE:FREQ=YEARLY']);
    expect(lines).not.to.include('BEGIN:VTIMEZONE');
  });

  it('keeps Outlook extras, alarm and its own TZID when BrokerStar changes the title', () => {
    const previous = fixture('outlook-caldavsynchronizer-event.ics');
    const parsed = codec.parse(previous);
    const after = contentLines(codec.renderAppointment(parsed.uid, { ...parsed.appointment!, title: 'Beratung verschoben' }, previous));
    const before = contentLines(previous);
    const untouched = before.filter((l) => !/^(SUMMARY|DTSTAMP|PRODID)/.test(l));
    expect(after).to.include.members(untouched);
    expect(after.filter((l) => l.startsWith('X-MICROSOFT-'))).to.have.length(3);
    expect(after).to.include('SUMMARY:Beratung verschoben');
    expect(after).to.include('DTSTAMP:20250601T120000Z');
    expect(after).to.include('PRODID:-//BrokerStar//BrokerStar DAV//DE');
  });

  it('rewrites times under the stored Windows TZID, and returns unchanged data untouched', () => {
    const previous = fixture('outlook-caldavsynchronizer-event.ics');
    const parsed = codec.parse(previous);
    expect(codec.renderAppointment(parsed.uid, parsed.appointment!, previous)).to.equal(previous);
    const timing = { allDay: false as const, start: new Date('2025-06-13T12:00:00Z'), end: new Date('2025-06-13T13:00:00Z'), timeZone: 'Europe/Berlin' };
    const after = contentLines(codec.renderAppointment(parsed.uid, { ...parsed.appointment!, timing }, previous));
    expect(after).to.include.members(['DTSTART;TZID=W. Europe Standard Time:20250613T140000', 'DTEND;TZID=W. Europe Standard Time:20250613T150000']);
    expect(after.filter((l) => l === 'BEGIN:VTIMEZONE')).to.have.length(1);
  });

  it('keeps EXDATE, the moved instance and VALARM of an iOS series when the master changes', () => {
    const previous = fixture('ios-recurring-event.ics');
    const parsed = codec.parse(previous);
    const after = codec.renderAppointment(parsed.uid, { ...parsed.appointment!, location: 'Sitzungszimmer 3' }, previous);
    const lines = contentLines(after);
    expect(lines).to.include.members([
      'EXDATE;TZID=Europe/Zurich:20250120T090000', 'RECURRENCE-ID;TZID=Europe/Zurich:20250127T090000',
      'SUMMARY:Team-Meeting (verschoben)', 'TRIGGER:-PT10M', 'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC',
      'LOCATION:Sitzungszimmer 3', 'RRULE:FREQ=WEEKLY;BYDAY=MO',
    ]);
    // LOCATION is added to the master only, before its VALARM
    expect(lines.indexOf('LOCATION:Sitzungszimmer 3')).to.be.lessThan(lines.indexOf('BEGIN:VALARM'));
    expect(codec.parse(after).appointment!.location).to.equal('Sitzungszimmer 3');
  });

  it('maps Europe/Zurich DST switch Sundays to the right UTC instants', () => {
    const at = (start: string) => ({ ...MEETING, timing: { allDay: false as const, start: new Date(start), end: new Date(start), timeZone: 'Europe/Zurich' } });
    expect(contentLines(codec.renderAppointment('u', at('2025-03-30T08:00:00Z'), null))).to.include('DTSTART;TZID=Europe/Zurich:20250330T100000');
    expect(contentLines(codec.renderAppointment('u', at('2025-10-26T09:00:00Z'), null))).to.include('DTSTART;TZID=Europe/Zurich:20251026T100000');
    const text = (d: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:z\r\nDTSTART;TZID=Europe/Zurich:${d}T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    expect(codec.parse(text('20250330')).appointment!.timing).to.deep.include({ start: new Date('2025-03-30T08:00:00Z') });
    expect(codec.parse(text('20251026')).appointment!.timing).to.deep.include({ start: new Date('2025-10-26T09:00:00Z') });
  });
});

describe('ICalendarCodec.renderTask', () => {
  it('writes a VTODO with DATE due, status, priority and percentage', () => {
    const lines = contentLines(codec.renderTask('t-1', TASK, null));
    expect(lines).to.include.members(['BEGIN:VTODO', 'UID:t-1', 'DUE;VALUE=DATE:20250307', 'STATUS:IN-PROCESS', 'PRIORITY:1', 'PERCENT-COMPLETE:20']);
    expect(codec.parse(codec.renderTask('t-1', TASK, null)).task).to.deep.equal(TASK);
  });

  it('writes done tasks with COMPLETED in UTC and a timed due', () => {
    const done: TaskFields = { ...TASK, status: 'done', priority: 'low', dueAllDay: false, due: new Date('2025-03-07T16:00:00Z'), percentComplete: 100, completedAt: new Date('2025-03-06T10:00:00Z') };
    const lines = contentLines(codec.renderTask('t', done, null));
    expect(lines).to.include.members(['STATUS:COMPLETED', 'PRIORITY:9', 'COMPLETED:20250306T100000Z', 'DUE:20250307T160000Z']);
  });

  it('keeps DAVx5 extras (VALARM, CATEGORIES, X-) and replaces only what changed', () => {
    const previous = fixture('davx5-task.ics');
    const parsed = codec.parse(previous);
    expect(codec.renderTask(parsed.uid, parsed.task!, previous)).to.equal(previous);
    const after = contentLines(codec.renderTask(parsed.uid, { ...parsed.task!, status: 'done', percentComplete: 100, completedAt: NOW }, previous));
    expect(after).to.include.members([
      'CATEGORIES:Offerten', 'X-DAVX5-CUSTOM:kept', 'TRIGGER;RELATED=END:-PT1H', 'DUE;TZID=Europe/Zurich:20250314T170000',
      'STATUS:COMPLETED', 'PERCENT-COMPLETE:100', 'COMPLETED:20250601T120000Z', 'PRIORITY:3',
    ]);
  });
});
