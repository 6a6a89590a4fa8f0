/** The current time. Injected so that tests and the domain never read the system clock directly. */
export interface Clock {
  now(): Date;
}
