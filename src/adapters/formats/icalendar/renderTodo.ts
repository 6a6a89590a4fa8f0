import type { TaskFields } from '../../../domain/index.ts';
import { buildLine, type ContentLine } from '../contentline/ContentLine.ts';
import { TimeReader } from './calendarTimes.ts';
import { masterNode, newCalendar, ownUrl, parseStored, replaceProperties, serialize, setProdId } from './componentEdit.ts';
import { PRIORITY_TO_ICAL, STATUS_TO_ICAL } from './mapping.ts';
import { dateLine, textLine, utcLine } from './owned.ts';
import { taskOf } from './parseCalendarObject.ts';
import { readCalendar } from './readCalendar.ts';

type Group = { names: string[]; changed: (a: TaskFields, b: TaskFields) => boolean; lines: (f: TaskFields) => ContentLine[] };

const time = (d: Date | null) => d?.getTime() ?? null;

/** VTODO properties BrokerStar owns (RFC 5545 §3.6.2, §3.8.1.8, §3.8.1.9, §3.8.1.11, §3.8.2.1). */
const GROUPS: Group[] = [
  { names: ['SUMMARY'], changed: (a, b) => a.title !== b.title, lines: (f) => textLine('SUMMARY', f.title) },
  { names: ['DESCRIPTION'], changed: (a, b) => a.description !== b.description, lines: (f) => textLine('DESCRIPTION', f.description) },
  {
    // DUE and DURATION must not appear together; a DTSTART-relative DURATION goes with the old due.
    names: ['DUE', 'DURATION'],
    changed: (a, b) => time(a.due) !== time(b.due) || a.dueAllDay !== b.dueAllDay,
    lines: (f) => (f.due ? [f.dueAllDay ? dateLine('DUE', f.due.toISOString().slice(0, 10)) : utcLine('DUE', f.due)] : []),
  },
  { names: ['STATUS'], changed: (a, b) => a.status !== b.status, lines: (f) => [buildLine({ name: 'STATUS', value: STATUS_TO_ICAL[f.status] })] },
  { names: ['PRIORITY'], changed: (a, b) => a.priority !== b.priority, lines: (f) => [buildLine({ name: 'PRIORITY', value: String(PRIORITY_TO_ICAL[f.priority]) })] },
  {
    names: ['PERCENT-COMPLETE'],
    changed: (a, b) => a.percentComplete !== b.percentComplete,
    lines: (f) => [buildLine({ name: 'PERCENT-COMPLETE', value: String(Math.round(f.percentComplete)) })],
  },
  {
    names: ['COMPLETED'],
    changed: (a, b) => time(a.completedAt) !== time(b.completedAt),
    lines: (f) => (f.completedAt ? [utcLine('COMPLETED', f.completedAt)] : []),
  },
];

/** Renders a task as a VTODO; with `previous` only changed owned properties are rewritten. */
export function renderTask(uid: string, fields: TaskFields, previous: string | null, now: Date, url?: string): string {
  if (previous === null) {
    const lines = [
      buildLine({ name: 'UID', value: uid }), utcLine('DTSTAMP', now), ...GROUPS.flatMap((g) => g.lines(fields)),
      ...(url === undefined ? [] : [buildLine({ name: 'URL', params: [{ name: 'VALUE', values: ['URI'] }], value: url })]),
    ];
    return newCalendar(['BEGIN:VTODO', ...lines.map((l) => l.raw), 'END:VTODO']);
  }
  const stored = readCalendar(previous);
  const before = stored.master ? taskOf(stored.master, new TimeReader(stored.vcalendar)) : null;
  const vcalendar = parseStored(previous);
  const todo = masterNode(vcalendar, 'VTODO');
  if (!todo) throw new Error('The stored object has no VTODO.');
  let changed = stored.uid !== uid;
  for (const group of GROUPS) {
    if (before && !group.changed(before, fields)) continue;
    replaceProperties(todo, group.names, group.lines(fields));
    changed = true;
  }
  if (ownUrl(todo, url)) changed = true;
  if (!changed) return previous;
  const start = stored.master ? new TimeReader(stored.vcalendar).read(stored.master, 'dtstart') : null;
  if (fields.due && start?.kind === 'instant' && start.at > fields.due) {
    replaceProperties(todo, ['DTSTART'], []); // RFC 5545 §3.8.2.3: DUE must not precede DTSTART
  }
  replaceProperties(todo, ['UID'], [buildLine({ name: 'UID', value: uid })]);
  replaceProperties(todo, ['DTSTAMP'], [utcLine('DTSTAMP', now)]);
  setProdId(vcalendar);
  return serialize(vcalendar);
}
