import ICAL from 'ical.js';
import { InvalidObjectData } from '../../../domain/index.ts';
import type { CalendarComponent } from '../../../ports/Codecs.ts';

/** One calendar object resource (RFC 4791 §4.1): components sharing one UID, master first. */
export interface CalendarObject {
  readonly vcalendar: ICAL.Component;
  readonly component: CalendarComponent;
  readonly uid: string;
  /** The component without RECURRENCE-ID, or null when only overrides were sent. */
  readonly master: ICAL.Component | null;
  /** Components with RECURRENCE-ID (moved or changed instances). */
  readonly overrides: readonly ICAL.Component[];
}

/**
 * Parses and checks a calendar object: exactly one VCALENDAR, VEVENTs or VTODOs (not both), one
 * UID. Errors are `InvalidObjectData`, kind 'appointment' when a VEVENT is involved, else 'task'.
 */
export function readCalendar(text: string): CalendarObject {
  const kindOf = /BEGIN:VEVENT/i.test(text) ? 'appointment' : 'task';
  const fail = (message: string) => new InvalidObjectData(kindOf, message);
  let vcalendar: ICAL.Component;
  try {
    const jcal = ICAL.parse(text);
    if (!Array.isArray(jcal) || typeof jcal[0] !== 'string') throw new Error('expected exactly one VCALENDAR');
    vcalendar = new ICAL.Component(jcal);
  } catch (e) {
    throw fail(`Not an iCalendar object: ${(e as Error).message}`);
  }
  if (vcalendar.name !== 'vcalendar') throw fail('Not an iCalendar object (expected BEGIN:VCALENDAR).');
  const events = vcalendar.getAllSubcomponents('vevent');
  const todos = vcalendar.getAllSubcomponents('vtodo');
  if (events.length && todos.length) throw fail('The object holds both VEVENT and VTODO components.');
  if (!events.length && !todos.length) throw fail('The object holds no VEVENT or VTODO.');
  const components = events.length ? events : todos;
  const uids = new Set(components.map((c) => String(c.getFirstPropertyValue('uid') ?? '').trim()));
  if (uids.has('')) throw fail('A component has no UID.');
  if (uids.size > 1) throw fail(`The object holds several UIDs (${[...uids].slice(0, 3).join(', ')}).`);
  const masters = components.filter((c) => !c.hasProperty('recurrence-id'));
  if (masters.length > 1) throw fail('The object holds the same UID twice without RECURRENCE-ID.');
  return {
    vcalendar,
    component: events.length ? 'VEVENT' : 'VTODO',
    uid: [...uids][0]!,
    master: masters[0] ?? null,
    overrides: components.filter((c) => c.hasProperty('recurrence-id')),
  };
}
