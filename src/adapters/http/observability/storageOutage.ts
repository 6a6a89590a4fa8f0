import type { DavLogger } from './logger.ts';

/** After this long without a refused request, the next one starts (and logs) a new outage. */
const QUIET_MS = 60_000;

/**
 * Logs a database outage once, not once per request: the first request refused with 503 logs an
 * error with the cause, the following ones are only counted, and the first request served again
 * logs how long it lasted and how many requests were refused. Twenty devices polling through a
 * restart thus leave two lines, not thousands.
 */
export class StorageOutageLog {
  private outage: { since: number; last: number; refused: number } | null = null;

  constructor(private readonly logger: DavLogger, private readonly now: () => number = Date.now) {}

  refused(err: unknown): void {
    const at = this.now();
    if (this.outage && at - this.outage.last < QUIET_MS) {
      this.outage.refused += 1;
      this.outage.last = at;
      return;
    }
    this.outage = { since: at, last: at, refused: 1 };
    const e = err as { message?: unknown; cause?: { message?: unknown; code?: unknown } } | undefined;
    this.logger.error({ err: { message: e?.message, cause: e?.cause?.message, code: e?.cause?.code } },
      'database unavailable: requests are answered 503 with Retry-After until it is back');
  }

  served(): void {
    if (!this.outage) return;
    const { since, last, refused } = this.outage;
    this.outage = null;
    this.logger.info({ outageMs: last - since, refusedRequests: refused, recoveredAfterMs: this.now() - since },
      'database available again');
  }
}
