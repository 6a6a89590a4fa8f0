/**
 * Bounds on the work one request may cause, in one place. Each is a setting (environment variable
 * in brackets, wired by the configuration) whose default no real client reaches; they exist so
 * that hostile or careless data costs a bounded amount of time and memory.
 */
export interface Limits {
  /**
   * Occurrences of one recurring series examined per evaluation (time-span, time-range test,
   * expand) [DAV_MAX_RECURRENCE_INSTANCES_EXAMINED]. A longer series is answered conservatively:
   * it overlaps every range and its span has no end.
   */
  readonly recurrenceInstancesExamined: number;
  /**
   * Internal steps of the recurrence engine (candidate dates it tries) per evaluation of one
   * object [DAV_MAX_RECURRENCE_STEPS]. About 2–8 µs each: the default stops the worst rule
   * within a fraction of a second, while a daily series over 20 000 occurrences needs 20 000.
   */
  readonly recurrenceSteps: number;
  /**
   * Recurrence-engine steps of one whole request, over every object it evaluates
   * [DAV_MAX_RECURRENCE_STEPS_PER_REQUEST]: a calendar-query over many costly series (each within
   * `recurrenceSteps`) would otherwise grow with their number. An expanded instance counts as four
   * steps (writing it out costs more than finding it). Once it is used up, the request's remaining
   * series are answered conservatively (they overlap; `expand` gives 507 for them). Answers are
   * kept per object and range, so a client's repeated query costs (almost) nothing.
   */
  readonly recurrenceStepsPerRequest: number;
  /**
   * CALDAV:max-instances (RFC 4791 §5.2.8) [DAV_MAX_INSTANCES]: a PUT whose COUNT exceeds it is
   * refused (403 max-instances, §5.3.2.1), and an `expand` (§9.6.5) yielding more instances of
   * one object is refused (507, DAV:number-of-matches-within-limits, §7.8).
   */
  readonly maxInstances: number;
}

export const DEFAULT_LIMITS: Limits = {
  recurrenceInstancesExamined: 20_000,
  recurrenceSteps: 50_000,
  recurrenceStepsPerRequest: 100_000,
  maxInstances: 10_000,
};

/** What is left of one request's recurrence work; every object the request evaluates draws on it. */
export interface RecurrenceAllowance {
  /** Takes `steps`; false once the request has used up its allowance (the evaluation then stops). */
  take(steps: number): boolean;
}

export function recurrenceAllowance(steps: number): RecurrenceAllowance {
  let left = steps;
  return { take: (n) => (left -= n) >= 0 };
}
