import type { Context } from 'koa';

/**
 * What the DAV stack learned about one request, for its log line and metrics: filled in where it
 * is known (authentication, error mapping, reports) and read once when the answer is finished.
 */
export interface RequestObservation {
  /** The authenticated login (or the login that was refused). */
  user?: string;
  /** Root element of a REPORT body (`sync-collection`, `addressbook-multiget`, …). */
  report?: string;
  /** Why credentials were refused: no-credentials, malformed, invalid-login, unknown-login, wrong-password. */
  authFailure?: string;
  /** How long a refused login's answer was held back on purpose (repeated failures): not counted as slow. */
  loginDelayMs?: number;
  /** How long a streamed answer waited for the device to read it (backpressure): not counted as slow. */
  clientWaitMs?: number;
  /** Which failure counter made a login answer 429 (login-from-address, login, address). */
  throttled?: string;
  /** Why an authenticated user was refused (403): account-inactive, mailing-module-disabled, group-flag-off, write-forbidden, … */
  refusal?: { readonly reason: string; readonly message: string };
  /** Number of changed + removed members a sync-collection answered with. */
  syncChanges?: number;
  /** The database could not be reached: answered 503 with Retry-After, logged once per outage, not per request. */
  storageUnavailable?: unknown;
  /** An unexpected failure turned into a 500, or why the plugin cannot start (503): logged as a warning with the request. */
  failure?: unknown;
}

const KEY = 'brokerstarObservation';

/** The request's observation record (created on first use, so code without the middleware still works). */
export function observation(ctx: Context): RequestObservation {
  const state = ctx.state as Record<string, unknown>;
  let record = state[KEY] as RequestObservation | undefined;
  if (!record) {
    record = {};
    state[KEY] = record;
  }
  return record;
}
