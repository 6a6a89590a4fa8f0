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
   * CALDAV:max-instances (RFC 4791 §5.2.8) [DAV_MAX_INSTANCES]: a PUT whose COUNT exceeds it is
   * refused (403 max-instances, §5.3.2.1), and an `expand` (§9.6.5) yielding more instances of
   * one object is refused (507, DAV:number-of-matches-within-limits, §7.8).
   */
  readonly maxInstances: number;
}

export const DEFAULT_LIMITS: Limits = {
  recurrenceInstancesExamined: 20_000,
  recurrenceSteps: 50_000,
  maxInstances: 10_000,
};
