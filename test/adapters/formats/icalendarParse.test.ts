import { expect } from 'chai';
import { InvalidObjectData } from '../../../src/domain/index.ts';
import { ICalendarCodec, ianaForWindowsZone } from '../../../src/adapters/formats/icalendar/index.ts';
import { fixture } from './fixtures.ts';

const codec = new ICalendarCodec();

describe('ICalendarCodec.parse', () => {
  it('maps an Outlook CalDav Synchronizer event with a Windows TZID to the IANA zone', () => {
    const parsed = codec.parse(fixture('outlook-caldavsynchronizer-event.ics'));
    expect(parsed.component).to.equal('VEVENT');
    expect(parsed.uid).to.match(/^040000008200E00074C5B7101A82E008/);
    const a = parsed.appointment!;
    expect(a.title).to.equal('Beratung Hypothek Familie Müller');
    expect(a.location).to.equal('Sitzungszimmer 2, Bahnhofstrasse 12, Zürich');
    expect(a.description).to.equal('Unterlagen mitbringen: Lohnausweis; Steuererklärung.\nBitte pünktlich.');
    expect(a.timing).to.deep.equal({
      allDay: false,
      start: new Date('2025-06-12T08:00:00Z'),
      end: new Date('2025-06-12T09:30:00Z'),
      timeZone: 'Europe/Berlin',
    });
    expect(a.recurrenceRule).to.equal(null);
  });

  it('matches a custom VTIMEZONE by its rules, and falls back to UTC for an unknown one', () => {
    const a = codec.parse(fixture('outlook-caldavsynchronizer-custom-zone.ics')).appointment!;
    expect(a.timing).to.deep.equal({
      allDay: false,
      start: new Date('2025-01-15T08:00:00Z'),
      end: new Date('2025-01-15T09:30:00Z'), // 15:00 at +05:30
      timeZone: 'Europe/Zurich',
    });
  });

  it('reads the iOS recurring master (not the moved instance) with its RRULE', () => {
    const parsed = codec.parse(fixture('ios-recurring-event.ics'));
    expect(parsed.uid).to.equal('A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF');
    expect(parsed.appointment).to.deep.include({ title: 'Team-Meeting', recurrenceRule: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(parsed.appointment!.timing).to.deep.include({ start: new Date('2025-01-06T08:00:00Z'), timeZone: 'Europe/Zurich' });
  });

  it('reads all-day events with exclusive DTEND, and defaults a missing DTEND', () => {
    const allDay = (extra: string) =>
      `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:ad\r\nDTSTART;VALUE=DATE:20250801\r\n${extra}SUMMARY:Nationalfeiertag\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    expect(codec.parse(allDay('DTEND;VALUE=DATE:20250803\r\n')).appointment!.timing).to.deep.equal({ allDay: true, startDate: '2025-08-01', endDate: '2025-08-03' });
    expect(codec.parse(allDay('')).appointment!.timing).to.deep.equal({ allDay: true, startDate: '2025-08-01', endDate: '2025-08-02' });
    expect(codec.parse(allDay('DURATION:P3D\r\n')).appointment!.timing).to.deep.include({ endDate: '2025-08-04' });
  });

  it('reads floating times in Europe/Zurich and uses DURATION or one hour for the end', () => {
    const timed = (extra: string) =>
      `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20250112T100000\r\n${extra}END:VEVENT\r\nEND:VCALENDAR\r\n`;
    expect(codec.parse(timed('')).appointment!.timing).to.deep.equal({
      allDay: false, start: new Date('2025-01-12T09:00:00Z'), end: new Date('2025-01-12T10:00:00Z'), timeZone: 'Europe/Zurich',
    });
    expect(codec.parse(timed('DURATION:PT30M\r\n')).appointment!.timing).to.deep.include({ end: new Date('2025-01-12T09:30:00Z') });
  });

  it('reads DAVx5 and Thunderbird tasks (priority, status, due, completion)', () => {
    const davx5 = codec.parse(fixture('davx5-task.ics'));
    expect(davx5.component).to.equal('VTODO');
    expect(davx5.task).to.deep.equal({
      title: 'Offerte Hausrat an Frau Keller senden',
      description: 'Vergleich mit Mobiliar, AXA und Helvetia',
      due: new Date('2025-03-14T16:00:00Z'),
      dueAllDay: false,
      status: 'in-progress',
      priority: 'high',
      percentComplete: 40,
      completedAt: null,
      contactId: null,
    });
    const tb = codec.parse(fixture('thunderbird-task.ics')).task!;
    expect(tb).to.deep.include({ status: 'done', priority: 'low', dueAllDay: true, percentComplete: 100 });
    expect(tb.due).to.deep.equal(new Date('2025-03-07T00:00:00Z'));
    expect(tb.completedAt).to.deep.equal(new Date('2025-03-05T15:59:00Z'));
  });

  it('maps priorities 1-4 high, 0/5 normal, 6-9 low', () => {
    const task = (p: string) => codec.parse(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:t\r\n${p}SUMMARY:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n`).task!.priority;
    expect(['PRIORITY:1\r\n', 'PRIORITY:4\r\n', 'PRIORITY:0\r\n', 'PRIORITY:5\r\n', '', 'PRIORITY:6\r\n', 'PRIORITY:9\r\n'].map(task)).to.deep.equal(
      ['high', 'high', 'normal', 'normal', 'normal', 'low', 'low'],
    );
  });

  const ev = (uid: string) => `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTART:20250101T100000Z\r\nEND:VEVENT\r\n`;
  const todo = 'BEGIN:VTODO\r\nUID:a\r\nEND:VTODO\r\n';
  const cal = (body: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${body}END:VCALENDAR\r\n`;
  const invalid: [string, string, string][] = [
    ['unparsable text', 'this is not ical', 'task'],
    ['several UIDs', cal(ev('a') + ev('b')), 'appointment'],
    ['no VEVENT or VTODO', cal(''), 'task'],
    ['VEVENT and VTODO together', cal(ev('a') + todo), 'appointment'],
    ['a VEVENT without UID', cal('BEGIN:VEVENT\r\nDTSTART:20250101T100000Z\r\nEND:VEVENT\r\n'), 'appointment'],
    ['broken nesting', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VCALENDAR\r\n', 'appointment'],
  ];
  for (const [what, text, kind] of invalid) {
    it(`rejects ${what} with InvalidObjectData(${kind})`, () => {
      expect(() => codec.parse(text)).to.throw(InvalidObjectData).with.property('kind', kind);
    });
  }

  it('maps Windows zone names from the CLDR table', () => {
    expect(ianaForWindowsZone('W. Europe Standard Time')).to.equal('Europe/Berlin');
    expect(ianaForWindowsZone('Romance Standard Time')).to.equal('Europe/Paris');
    expect(ianaForWindowsZone('GMT Standard Time')).to.equal('Europe/London');
    expect(ianaForWindowsZone('Central Europe Standard Time')).to.equal('Europe/Budapest');
    expect(ianaForWindowsZone('Pacific Standard Time ')).to.equal('America/Los_Angeles');
    expect(ianaForWindowsZone('Mars Standard Time')).to.equal(null);
  });
});
