import type { Clock } from '../../ports/index.ts';

/** The real wall clock; the only place outside tests' fakes that reads the time. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
