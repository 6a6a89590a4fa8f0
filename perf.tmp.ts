import { overlapsTimeRange } from '/work/main/src/adapters/formats/icalendar/index.ts';
const ev = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e\r\nDTSTART;TZID=Europe/Zurich:20150105T080000\r\nDTEND;TZID=Europe/Zurich:20150105T083000\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
const ev2 = ev.replace('FREQ=DAILY', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR');
for (const [n, e] of [['daily', ev], ['weekdays(no ff)', ev2]] as const) {
  const t = performance.now();
  for (let i = 0; i < 20; i++) overlapsTimeRange(e, 'VEVENT', { start: new Date('2025-03-31T06:00:00Z'), end: new Date('2025-04-30T06:10:00Z') });
  console.log(n, ((performance.now() - t) / 20).toFixed(2), 'ms/query');
}
