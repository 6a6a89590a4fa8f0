import ICAL from 'ical.js';

/**
 * How many instances ical.js produced (calls of `RecurIterator#next`) while `work` ran: the unit of
 * the recurrence engine's cost, so tests can bound work without timing it. What `work` throws
 * (an assertion inside it) is thrown on.
 */
export async function instancesWalked(work: () => unknown): Promise<number> {
  const next = ICAL.RecurIterator.prototype.next;
  let calls = 0;
  ICAL.RecurIterator.prototype.next = function (this: ICAL.RecurIterator, ...args: Parameters<typeof next>) {
    calls += 1;
    return next.apply(this, args);
  };
  try {
    await work();
  } finally {
    ICAL.RecurIterator.prototype.next = next;
  }
  return calls;
}
