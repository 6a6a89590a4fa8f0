import type { ContentLine } from '../contentline/ContentLine.ts';
import { componentLines, isComponent, type ComponentNode } from '../contentline/ComponentTree.ts';
import { addDays, TimeReader, type CalTime } from './calendarTimes.ts';
import { parseStored, replaceProperties, serialize, newCalendar } from './componentEdit.ts';
import { dateLine, utcLine } from './owned.ts';
import { readCalendar } from './readCalendar.ts';
import { forEachInstance, instanceOverlaps, overlapsTimeRange, type TimeRange } from './timeRange.ts';
import { msOf, type RecurrenceLimits } from './recurrence.ts';
import { TooManyInstances } from '../../../domain/index.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../ports/Limits.ts';

const DAY = 86_400_000;
/** Writing out an instance costs about four times finding it (~20 µs against ~5): charged as such to the request. */
const STEPS_PER_EXPANDED_INSTANCE = 4;

/**
 * CALDAV:expand (RFC 4791 §9.6.5): the recurrence set as separate components, one per instance
 * overlapping the range, with DTSTART/DTEND/DUE and RECURRENCE-ID in UTC (DATE values stay DATE),
 * no RRULE/RDATE/EXDATE and no VTIMEZONE. More than `limits.maxInstances` instances in the range,
 * or a series too long to examine, throws `TooManyInstances`: the client asks for a shorter range.
 */
export function expandRecurrences(icsText: string, range: TimeRange, limits: RecurrenceLimits & Pick<Limits, 'maxInstances'> = DEFAULT_LIMITS): string {
  const object = readCalendar(icsText);
  const reader = new TimeReader(object.vcalendar);
  const nodes = componentNodesOf(parseStored(icsText), object.component);
  const body: string[] = [];
  const kind = object.component === 'VEVENT' ? 'appointment' : 'task';
  let instances = 0;
  forEachInstance(object, range, (component, instance, shift) => {
    if (Number.isNaN(shift)) throw new TooManyInstances(kind, limits.maxInstances, 'The series is too long to expand in this range.');
    if (!instanceOverlaps(component, instance.start, shift, range, reader)) return false;
    if (++instances > limits.maxInstances) {
      throw new TooManyInstances(kind, limits.maxInstances, `The series has more than ${limits.maxInstances} instances in this range.`);
    }
    if (limits.allowance && !limits.allowance.take(STEPS_PER_EXPANDED_INSTANCE)) {
      throw new TooManyInstances(kind, limits.maxInstances, 'This request has expanded as many instances as it may; ask for fewer objects or a shorter range.');
    }
    const node = nodes[object.vcalendar.getAllSubcomponents(component.name).indexOf(component)]!;
    const isMaster = component === object.master;
    const copy: ComponentNode = { ...node, children: node.children.filter((c) => isComponent(c) || !RECURRENCE_PROPS.has(c.name)) };
    for (const name of ['DTSTART', 'DTEND', 'DUE']) {
      const t = reader.read(component, name.toLowerCase());
      if (t) replaceProperties(copy, [name], [shifted(name, t, isMaster ? shift : 0)]);
    }
    const rid = isMaster ? instance.start : (reader.read(component, 'recurrence-id') ?? instance.start);
    replaceProperties(copy, ['RECURRENCE-ID'], [timeLine('RECURRENCE-ID', rid)]);
    body.push(...componentLines(copy));
    return false;
  }, limits);
  return newCalendar(body);
}

const RECURRENCE_PROPS = new Set(['RRULE', 'RDATE', 'EXDATE']);

/**
 * CALDAV:limit-recurrence-set (RFC 4791 §9.6.6): the master and its VTIMEZONEs as stored, plus only
 * the overrides that overlap the range.
 */
export function limitRecurrenceSet(icsText: string, range: TimeRange, limits: RecurrenceLimits = DEFAULT_LIMITS): string {
  const object = readCalendar(icsText);
  const vcalendar = parseStored(icsText);
  const overrides = componentNodesOf(vcalendar, object.component).filter((n) => n.children.some((c) => !isComponent(c) && c.name === 'RECURRENCE-ID'));
  for (const node of overrides) {
    const single = newCalendar(componentLines(node));
    if (!overlapsTimeRange(single, object.component, range, limits)) vcalendar.children.splice(vcalendar.children.indexOf(node), 1);
  }
  return serialize(vcalendar);
}

function shifted(name: string, t: CalTime, shift: number): ContentLine {
  if (t.kind === 'date') return dateLine(name, addDays(t.date, Math.round(shift / DAY)));
  return utcLine(name, new Date(msOf(t) + shift));
}

function timeLine(name: string, t: CalTime): ContentLine {
  return t.kind === 'date' ? dateLine(name, t.date) : utcLine(name, t.at);
}

function componentNodesOf(vcalendar: ComponentNode, name: string): ComponentNode[] {
  return vcalendar.children.filter((c): c is ComponentNode => isComponent(c) && c.name === name);
}

