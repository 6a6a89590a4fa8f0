import { sqlDateTime, type AppointmentRow, type TaskRow } from './seedRows.ts';
import { SEED_TIME_ZONE } from './calendarGenerator.ts';
import { addDays, weekdayIndex, zonedDate, zonedToUtc } from './zonedTime.ts';
import type { DemoUserKey } from './demoUsers.ts';

/**
 * Demo appointments and tasks, placed relative to the Monday of the current week (Zürich) so that
 * a freshly started demo always shows this week and the next ones.
 */
interface DemoAppointmentSpec {
  readonly title: string;
  readonly location?: string;
  /** Days after this week's Monday (negative: last week). */
  readonly day: number;
  /** "HH:MM" Zürich time; absent for all-day appointments. */
  readonly at?: string;
  readonly minutes?: number;
  /** All-day appointments: number of days. */
  readonly days?: number;
  readonly rrule?: string;
  readonly who: readonly DemoUserKey[];
  /** Key of the demo contact (customer) the appointment is about. */
  readonly contact?: string;
  /** BrokerStar's note of the appointment. */
  readonly note?: string;
}

const A = (spec: DemoAppointmentSpec) => spec;

export const DEMO_APPOINTMENTS: readonly DemoAppointmentSpec[] = [
  A({ title: 'Teamsitzung Team Zürich', location: 'Büro Zürich, Sitzungszimmer Uetliberg', day: 0, at: '08:30', minutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=MO', who: ['max', 'sandra'] }),
  A({ title: 'Beratungsgespräch Vorsorge Hans Müller', location: 'Seestrasse 45, Horgen', day: 1, at: '10:00', minutes: 90, who: ['max'], contact: 'hans' }),
  // Muster AG is Lisa's customer, not visible to Max (scope TEAM): the appointment shows no details.
  A({ title: 'Jahresgespräch Muster AG', location: 'Muster AG, Bahnhofstrasse 100, Zürich', day: 2, at: '14:00', minutes: 60, who: ['lisa', 'max'], contact: 'muster' }),
  A({ title: 'Zahnarzt (privat)', day: 2, at: '07:30', minutes: 45, who: ['max'] }),
  A({ title: 'Schadenbesprechung Wasserschaden Brügger', location: 'Gartenstrasse 30, Zürich', day: 3, at: '09:00', minutes: 60, who: ['sandra'] }),
  A({ title: 'Offertbesprechung Motorfahrzeug Lüthi', location: 'Online (Microsoft Teams)', day: 4, at: '16:00', minutes: 45, who: ['max'], contact: 'kaethi' }),
  A({ title: 'Sprechstunde Neukunden', location: 'Büro Zürich', day: 2, at: '16:00', minutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=12', who: ['max'] }),
  A({ title: 'Wochenplanung', location: 'Büro Zürich', day: 0, at: '07:45', minutes: 15, rrule: 'FREQ=WEEKLY;BYDAY=MO', who: ['lisa'] }),
  A({ title: 'Monatsabschluss Provisionen', day: 4, at: '15:00', minutes: 120, rrule: 'FREQ=MONTHLY;BYMONTHDAY=28', who: ['lisa'] }),
  A({ title: 'Pikettdienst Schadenhotline', day: 4, days: 1, rrule: 'FREQ=WEEKLY;BYDAY=FR;COUNT=8', who: ['sandra'] }),
  A({ title: 'Ferien Lisa', day: 7, days: 5, who: ['lisa'] }),
  A({ title: 'Weiterbildung FINMA', location: 'Kongresshaus Zürich', day: 9, days: 1, who: ['max', 'sandra', 'lisa'] }),
  A({ title: 'Mittagessen mit Jürg Bärtschi', location: 'Zunfthaus zur Waag, Zürich', day: 8, at: '12:00', minutes: 90, who: ['max'], contact: 'juerg' }),
  A({ title: 'Telefonkonferenz Helvetia Treuhand', day: 10, at: '11:00', minutes: 30, who: ['lisa'] }),
  A({ title: 'Offerte Betriebshaftpflicht Alpenblick Hotel', location: 'Online (Microsoft Teams)', day: 11, at: '13:30', minutes: 60, who: ['lisa', 'max'] }),
  A({ title: 'Policen-Review Helvetia Treuhand GmbH', location: 'Marktgasse 50, Bern', day: 14, at: '09:30', minutes: 120, who: ['max', 'lisa'] }),
  A({ title: 'Kundentermin Familie Zürcher', location: 'Hauptstrasse 15, Baden', day: 15, at: '18:00', minutes: 60, who: ['sandra'] }),
  // No location of its own: devices show the customer's address.
  A({ title: 'Besprechung BVG-Lösung Rhein Logistik', day: 16, at: '14:00', minutes: 90, who: ['max'], contact: 'rhein', note: 'Vorsorgeausweise aller Mitarbeitenden mitnehmen.' }),
  A({ title: 'Unterzeichnung Mandat Käthi Lüthi', location: 'Büro Zürich', day: 17, at: '10:30', minutes: 45, who: ['sandra', 'max'] }),
  A({ title: 'Messe Swissbau', location: 'Messe Basel', day: 22, days: 3, who: ['max', 'sandra'] }),
  A({ title: 'Krankenkassenberatung Familie Rochat', location: 'Genève', day: 22, at: '15:00', minutes: 60, who: ['peter'] }),
  A({ title: 'Kundentermin Bonvin', location: 'Sion', day: 23, at: '10:00', minutes: 120, who: ['peter'] }),
  A({ title: 'Quartalsrückblick', location: 'Büro Zürich', day: 28, at: '16:00', minutes: 60, who: ['max', 'sandra', 'lisa'] }),
  A({ title: 'Jahresgespräch Bäckerei Stöckli', location: 'Dorfstrasse 7, Uster', day: -3, at: '09:00', minutes: 60, who: ['max'], contact: 'stoeckli' }),
  A({ title: 'Abschluss Hausrat Favre', location: 'Lausanne', day: -2, at: '14:00', minutes: 60, who: ['lisa'] }),
];

interface DemoTaskSpec {
  readonly title: string;
  readonly status: TaskRow['status'];
  readonly priority: TaskRow['priority'];
  /** Due in days from today; `null` for no due date. */
  readonly due: number | null;
  readonly allDay?: boolean;
  readonly who: readonly DemoUserKey[];
  /** Key of a demo contact the task is about. */
  readonly contact?: string;
}

const T = (spec: DemoTaskSpec) => spec;

export const DEMO_TASKS: readonly DemoTaskSpec[] = [
  T({ title: 'Offerte Hausrat erstellen', status: 'open', priority: 'high', due: 2, who: ['max'], contact: 'hans' }),
  T({ title: 'Police Motorfahrzeug nachfassen', status: 'in-progress', priority: 'normal', due: 5, who: ['max'], contact: 'kaethi' }),
  T({ title: 'Gutachten Wasserschaden einholen', status: 'open', priority: 'high', due: 1, who: ['sandra', 'anna'], contact: 'bruegger' }),
  T({ title: 'BVG-Offerte Rhein Logistik finalisieren', status: 'in-progress', priority: 'high', due: 9, who: ['max', 'lisa'], contact: 'rhein' }),
  T({ title: 'Unterlagen Jahresgespräch Muster AG vorbereiten', status: 'open', priority: 'normal', due: 1, allDay: true, who: ['anna', 'lisa'], contact: 'muster' }),
  T({ title: 'Kündigung Betriebshaftpflicht prüfen', status: 'open', priority: 'normal', due: 20, who: ['max'], contact: 'juerg' }),
  T({ title: 'Adressänderung erfassen', status: 'done', priority: 'low', due: -3, who: ['anna'] }),
  T({ title: 'Vergleich Krankenkassen senden', status: 'done', priority: 'normal', due: -7, allDay: true, who: ['sandra'] }),
  T({ title: 'Mandat unterzeichnen lassen', status: 'open', priority: 'normal', due: 17, who: ['sandra', 'max'], contact: 'kaethi' }),
  T({ title: 'Provisionsabrechnung kontrollieren', status: 'open', priority: 'low', due: null, who: ['lisa'] }),
  T({ title: 'Antrag Gebäudeversicherung einreichen', status: 'in-progress', priority: 'normal', due: 12, who: ['lisa'], contact: 'alpenblick' }),
  T({ title: 'Kundenliste Team Zürich bereinigen', status: 'open', priority: 'low', due: 30, allDay: true, who: ['max', 'sandra'] }),
  T({ title: 'Rückruf Yannick Bonvin', status: 'open', priority: 'high', due: 0, who: ['peter'], contact: 'bonvin' }),
  T({ title: 'Offerte Velo-Flotte Zürcher Velo', status: 'cancelled', priority: 'low', due: -10, who: ['sandra'], contact: 'zuercher-velo' }),
  T({ title: 'Weihnachtskarten Grosskunden', status: 'open', priority: 'low', due: null, who: ['anna'] }),
];

function utcAt(isoDate: string, hhmm: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  return zonedToUtc(y, m, d, h, min, SEED_TIME_ZONE);
}

/** This week's Monday in Zürich for `reference`. */
export function mondayOf(reference: Date): string {
  const today = zonedDate(reference, SEED_TIME_ZONE);
  return addDays(today, -weekdayIndex(today));
}

export function demoAppointmentRow(spec: DemoAppointmentSpec, reference: Date): AppointmentRow {
  const day = addDays(mondayOf(reference), spec.day);
  const common = { title: spec.title, location: spec.location ?? null, description: spec.note ?? null, time_zone: SEED_TIME_ZONE, rrule: spec.rrule ?? null };
  if (!spec.at) {
    return { ...common, starts_at: `${day} 00:00:00.000`, ends_at: `${addDays(day, spec.days ?? 1)} 00:00:00.000`, all_day: 1 };
  }
  const start = utcAt(day, spec.at);
  return { ...common, starts_at: sqlDateTime(start), ends_at: sqlDateTime(new Date(start.getTime() + (spec.minutes ?? 60) * 60_000)), all_day: 0 };
}

export function demoTaskRow(spec: DemoTaskSpec, reference: Date): TaskRow {
  const today = zonedDate(reference, SEED_TIME_ZONE);
  const dueDay = spec.due === null ? null : addDays(today, spec.due);
  const done = spec.status === 'done';
  return {
    title: spec.title, description: null,
    due_at: dueDay === null ? null : spec.allDay ? `${dueDay} 00:00:00.000` : sqlDateTime(utcAt(dueDay, '17:00')),
    due_all_day: spec.allDay ? 1 : 0, status: spec.status, priority: spec.priority,
    percent_complete: done ? 100 : spec.status === 'in-progress' ? 50 : 0,
    completed_at: done ? sqlDateTime(utcAt(addDays(today, -1), '16:30')) : null,
  };
}
