import ICAL from 'ical.js';
import type { RecurrenceAllowance } from '../../../ports/Limits.ts';

/** The recurrence engine used up its step budget: the caller answers conservatively or refuses. */
export class RecurrenceBudgetExceeded extends Error {}

/**
 * Steps left for one evaluation, shared by every iterator that evaluation creates; each step is
 * also taken from the request's allowance, when the evaluation runs for a request.
 */
export class StepBudget {
  constructor(private remaining: number, private readonly allowance?: RecurrenceAllowance) {}

  spend(steps = 1): void {
    this.remaining -= steps;
    if (this.remaining < 0) throw new RecurrenceBudgetExceeded('The recurrence rule needs too many steps to evaluate.');
    if (this.allowance && !this.allowance.take(steps)) throw new RecurrenceBudgetExceeded('The request has used up its recurrence work.');
  }
}

/**
 * The methods every loop of ical.js's RecurIterator calls once per round: the candidate test of
 * `next()` (a rule like FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 never passes it, so one `next()` never
 * returns), the month/year steps (huge INTERVALs, empty years) and the year expansion of `init()`.
 * Counting them bounds a single `next()` without a worker or a timer.
 */
const STEP_METHODS = ['check_contracting_rules', 'increment_month', 'expand_year_days', 'next_year'] as const;

/**
 * The increments that take a count of units: ical.js adds it to the time and normalises the time
 * month by month, inside one call and without passing any of the methods above
 * (FREQ=DAILY;INTERVAL=772154833, or FREQ=HOURLY;INTERVAL=785570583 with a BYMONTH that never
 * matches, spins for minutes). Each is charged a step per month it covers, like the month steps
 * it replaces: the value is how many of its units a month holds at most.
 */
const UNITS_PER_MONTH = { increment_second: 86_400 * 31, increment_minute: 1_440 * 31, increment_hour: 24 * 31, increment_monthday: 31 } as const;

type Steppable = Record<(typeof STEP_METHODS)[number] | keyof typeof UNITS_PER_MONTH | 'init', (...args: unknown[]) => unknown> & {
  initialized: boolean;
  completed: boolean;
};

/**
 * `rule.iterator(start)`, but every internal step spends from `budget`; when it runs out the
 * iterator throws `RecurrenceBudgetExceeded` from inside `next()`. The steps are wrapped on the
 * instance before `init()` runs, which already iterates for YEARLY and MONTHLY rules.
 */
export function boundedIterator(rule: ICAL.Recur, start: ICAL.Time, budget: StepBudget): ICAL.RecurIterator {
  const iterator = new ICAL.RecurIterator({ rule, dtstart: start, initialized: true });
  const steppable = iterator as unknown as Steppable;
  for (const name of STEP_METHODS) {
    const original = steppable[name];
    steppable[name] = function (this: unknown, ...args: unknown[]) {
      budget.spend();
      return original.apply(this, args);
    };
  }
  for (const [name, units] of Object.entries(UNITS_PER_MONTH) as Array<[keyof typeof UNITS_PER_MONTH, number]>) {
    const original = steppable[name];
    steppable[name] = function (this: unknown, ...args: unknown[]) {
      budget.spend(Math.floor(Math.abs(Number(args[0])) / units));
      return original.apply(this, args);
    };
  }
  steppable.initialized = false;
  try {
    steppable.init();
  } catch (e) {
    // ical.js signals "this rule has no instances" with InvalidRecurrenceRuleError (not exported).
    if (e instanceof Error && e.constructor.name === 'InvalidRecurrenceRuleError') steppable.completed = true;
    else throw e;
  }
  steppable.initialized = true;
  return iterator;
}
