import { Random } from './random.ts';
import { sqlDateTime, type AppointmentRow, type TaskSeed } from './seedRows.ts';
import { ALL_DAY_TITLES, EVENT_TITLES, FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, RECURRING_TITLES, SWISS_CITIES, TASK_TITLES } from './swissData.ts';
import { addDays, weekdayIndex, zonedDate, zonedToUtc } from './zonedTime.ts';

export const SEED_TIME_ZONE = 'Europe/Zurich';
export const RECURRING_SHARE = 0.1;
export const ALL_DAY_SHARE = 0.1;
const RRULE_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

function fillName(rng: Random, template: string): string {
  const first = rng.pick(rng.chance(0.5) ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
  return template.replace('{first}', first).replace('{last}', rng.pick(LAST_NAMES));
}

/** A working day within ±`spreadDays` of `today` (weekends move to the next Monday). */
function workingDay(rng: Random, today: string, spreadDays: number): string {
  const day = addDays(today, rng.int(-spreadDays, spreadDays));
  const weekday = weekdayIndex(day);
  return weekday >= 5 ? addDays(day, 7 - weekday) : day;
}

function utcAt(isoDate: string, hour: number, minute: number): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return zonedToUtc(y, m, d, hour, minute, SEED_TIME_ZONE);
}

function location(rng: Random): string | null {
  return rng.weighted<string | null>([
    ['Büro Zürich', 3], [`Kunde vor Ort, ${rng.pick(SWISS_CITIES).city}`, 3], ['Online (Microsoft Teams)', 2], [null, 2],
  ]);
}

function allDayEvent(rng: Random, today: string): AppointmentRow {
  const first = workingDay(rng, today, 365);
  const days = rng.weighted([[1, 6], [2, 2], [5, 2]]);
  return {
    title: rng.pick(ALL_DAY_TITLES), location: null, description: null,
    starts_at: `${first} 00:00:00.000`, ends_at: `${addDays(first, days)} 00:00:00.000`,
    time_zone: SEED_TIME_ZONE, all_day: 1, rrule: null,
  };
}

function timedEvent(rng: Random, today: string, recurring: boolean): AppointmentRow {
  const day = workingDay(rng, today, 365);
  const hour = rng.int(7, 17);
  const minute = rng.pick([0, 15, 30, 45]);
  const duration = rng.pick([30, 45, 60, 60, 90, 120]);
  const start = utcAt(day, hour, minute);
  let rrule: string | null = null;
  if (recurring) {
    rrule = rng.chance(0.6)
      ? `FREQ=WEEKLY;BYDAY=${RRULE_DAYS[weekdayIndex(day)]}${rng.chance(0.5) ? `;COUNT=${rng.int(4, 20)}` : ''}`
      : `FREQ=MONTHLY;BYMONTHDAY=${Number(day.slice(8, 10))}${rng.chance(0.5) ? `;COUNT=${rng.int(3, 12)}` : ''}`;
  }
  return {
    title: recurring ? rng.pick(RECURRING_TITLES) : fillName(rng, rng.pick(EVENT_TITLES)),
    location: location(rng),
    description: rng.chance(0.3) ? 'Unterlagen mitnehmen: Policen, Offertvergleich, Antragsformular.' : null,
    starts_at: sqlDateTime(start), ends_at: sqlDateTime(new Date(start.getTime() + duration * 60_000)),
    time_zone: SEED_TIME_ZONE, all_day: 0, rrule,
  };
}

/**
 * `count` appointments between one year ago and one year ahead of `reference` (Zürich time),
 * ~10% recurring (weekly/monthly RRULE), ~10% all-day.
 */
export function* generateAppointments(seed: number, count: number, reference: Date): Generator<AppointmentRow> {
  const rng = new Random(seed ^ 0x5eed_ca1);
  const today = zonedDate(reference, SEED_TIME_ZONE);
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    if (r < ALL_DAY_SHARE) yield allDayEvent(rng, today);
    else yield timedEvent(rng, today, r < ALL_DAY_SHARE + RECURRING_SHARE);
  }
}

/**
 * `count` tasks with mixed status, priority and due dates around `reference`; about a third point
 * at one of `contactCount` contacts of the same run (by index).
 */
export function* generateTasks(seed: number, count: number, reference: Date, contactCount: number): Generator<TaskSeed> {
  const rng = new Random(seed ^ 0x7a5c);
  const today = zonedDate(reference, SEED_TIME_ZONE);
  for (let i = 0; i < count; i++) {
    const status = rng.weighted([['open', 45], ['in-progress', 20], ['done', 30], ['cancelled', 5]] as const);
    const hasDue = rng.chance(0.8);
    const dueAllDay = hasDue && rng.chance(0.3);
    const dueDay = addDays(today, rng.int(-60, 90));
    const due = !hasDue ? null : dueAllDay ? `${dueDay} 00:00:00.000` : sqlDateTime(utcAt(dueDay, rng.int(8, 17), 0));
    const completed = status === 'done' ? sqlDateTime(utcAt(addDays(today, -rng.int(0, 60)), rng.int(8, 18), rng.int(0, 59))) : null;
    yield {
      task: {
        title: fillName(rng, rng.pick(TASK_TITLES)),
        description: rng.chance(0.3) ? 'Siehe Notiz im Kundendossier.' : null,
        due_at: due, due_all_day: dueAllDay ? 1 : 0, status,
        priority: rng.weighted([['high', 20], ['normal', 60], ['low', 20]] as const),
        percent_complete: status === 'done' ? 100 : status === 'in-progress' ? rng.pick([10, 25, 50, 75, 90]) : 0,
        completed_at: completed,
      },
      contactIndex: contactCount > 0 && rng.chance(0.35) ? rng.int(0, contactCount - 1) : null,
    };
  }
}
