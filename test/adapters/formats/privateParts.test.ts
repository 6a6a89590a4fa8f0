import { expect } from 'chai';
import { mergePrivateParts, splitPrivateParts } from '../../../src/adapters/formats/icalendar/privateParts.ts';

const lines = (...l: string[]) => `${l.join('\r\n')}\r\n`;
const MASTER = ['BEGIN:VEVENT', 'UID:team', 'DTSTAMP:20261101T090000Z', 'DTSTART:20261214T080000Z', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Teamsitzung'];
const OVERRIDE = ['BEGIN:VEVENT', 'UID:team', 'RECURRENCE-ID:20261221T080000Z', 'DTSTART:20261221T090000Z', 'SUMMARY:Verschoben'];
const ALARM = ['BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-PT15M', 'ACKNOWLEDGED:20261214T074500Z', 'END:VALARM'];

describe('per-user private parts of calendar objects', () => {
  it('leaves an object without alarms byte for byte and splits nothing off', () => {
    const text = lines('BEGIN:VCALENDAR', 'VERSION:2.0', ...MASTER, 'END:VEVENT', 'END:VCALENDAR');
    expect(splitPrivateParts(text)).to.deep.equal({ shared: text, private: null });
  });

  it('takes alarms and alarm state out of the master and each override, and puts them back where they were', () => {
    const text = lines('BEGIN:VCALENDAR', 'VERSION:2.0', ...MASTER, 'X-MOZ-LASTACK:20261214T074500Z', ...ALARM, 'END:VEVENT',
      ...OVERRIDE, 'X-MOZ-SNOOZE-TIME-1797238800000000:20261221T085000Z', ...ALARM, 'END:VEVENT', 'END:VCALENDAR');
    const { shared, private: mine } = splitPrivateParts(text);
    expect(shared).to.not.match(/VALARM|X-MOZ-LASTACK|X-MOZ-SNOOZE|ACKNOWLEDGED/);
    expect(shared).to.include('SUMMARY:Teamsitzung').and.include('RECURRENCE-ID:20261221T080000Z');
    expect(mine).to.include('X-MOZ-LASTACK').and.include('X-MOZ-SNOOZE-TIME-1797238800000000').and.include('ACKNOWLEDGED');
    const merged = mergePrivateParts(shared, mine);
    expect(splitPrivateParts(merged)).to.deep.equal({ shared, private: mine });
    // The override's alarm state went back to the override, not to the master.
    const override = merged.slice(merged.indexOf('RECURRENCE-ID'));
    expect(override).to.include('X-MOZ-SNOOZE-TIME');
  });

  it('drops the parts of an override that no longer exists in the shared object', () => {
    const text = lines('BEGIN:VCALENDAR', ...MASTER, 'END:VEVENT', ...OVERRIDE, ...ALARM, 'END:VEVENT', 'END:VCALENDAR');
    const { private: mine } = splitPrivateParts(text);
    const withoutOverride = lines('BEGIN:VCALENDAR', ...MASTER, 'END:VEVENT', 'END:VCALENDAR');
    expect(mergePrivateParts(withoutOverride, mine)).to.equal(withoutOverride);
  });
});
