import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { clientFamily } from './clientFamily.ts';
import type { DavLogger } from './logger.ts';
import type { DavMetrics } from './metrics.ts';
import { observation } from './observation.ts';
import { StorageOutageLog } from './storageOutage.ts';

export interface ObserveSettings {
  readonly logger: DavLogger;
  readonly metrics: DavMetrics;
  /** Requests slower than this are logged as warnings. */
  readonly slowRequestMs: number;
}

/** An id a proxy sent along is kept when it is short and plain; anything else is replaced. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const OBSERVED = Symbol('brokerstar.observed');
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PROPFIND', 'PROPPATCH', 'REPORT', 'MKCOL', 'MKCALENDAR', 'POST', 'MOVE', 'COPY']);

/**
 * One log line and one metrics sample per request, written when the answer has been sent (a
 * streamed multistatus included), with a request id also sent back as `X-Request-Id`. Applied
 * twice (host app and plugin), it observes once. Never logs credentials: only the login.
 */
export function observeRequests(settings: ObserveSettings): Middleware {
  const { logger, metrics, slowRequestMs } = settings;
  const outage = new StorageOutageLog(logger);
  return async function observe(ctx, next) {
    const state = ctx.state as Record<symbol, unknown>;
    if (state[OBSERVED]) return next();
    state[OBSERVED] = true;
    const started = performance.now();
    const incoming = ctx.get('X-Request-Id');
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', requestId);
    const bytes = countBodyBytes(ctx);
    ctx.res.once('close', () => {
      const record = observation(ctx);
      const ms = performance.now() - started;
      const status = ctx.res.headersSent ? ctx.res.statusCode : ctx.status;
      const method = KNOWN_METHODS.has(ctx.method) ? ctx.method : 'OTHER';
      const report = record.report ?? '';
      const labels = { method, report, status: String(status) };
      metrics.requests.inc(labels);
      metrics.requestDuration.observe(labels, ms / 1000);
      if (record.authFailure) metrics.authFailures.inc({ reason: record.authFailure });
      if (record.refusal) metrics.syncRefusals.inc({ reason: record.refusal.reason });
      if (record.throttled) metrics.throttled.inc({ counter: record.throttled });
      if (record.syncChanges !== undefined) metrics.syncCollectionSize.observe(record.syncChanges);
      if (record.storageUnavailable !== undefined) {
        metrics.storageUnavailable.inc();
        outage.refused(record.storageUnavailable);
        return;
      }
      if (status < 500) outage.served();

      const line: Record<string, unknown> = {
        reqId: requestId, user: record.user ?? null, method: ctx.method, path: ctx.path, status,
        ms: Math.round(ms * 10) / 10, bytes: bytes(), client: clientFamily(ctx.get('User-Agent')),
      };
      if (report) line.report = report;
      if (record.syncChanges !== undefined) line.syncChanges = record.syncChanges;
      if (!ctx.res.writableFinished) line.aborted = true;
      if (record.authFailure) line.authFailure = record.authFailure;
      if (record.throttled) line.throttled = record.throttled;
      if (record.loginDelayMs !== undefined) line.loginDelayMs = record.loginDelayMs;
      // Only a wait worth telling: every streamed answer waits a little for its socket.
      if ((record.clientWaitMs ?? 0) >= 1) line.clientWaitMs = Math.round(record.clientWaitMs! * 10) / 10;
      if (record.refusal) line.refusal = record.refusal;
      if (record.failure instanceof Error) {
        logger.warn({ ...line, err: loggable(record.failure) }, 'request failed');
      } else if (record.failure !== undefined) {
        // A cause logged with its stack before (a plugin that cannot start yet): its message only.
        logger.warn({ ...line, cause: (record.failure as { message?: unknown })?.message ?? String(record.failure) }, 'request failed');
      } else if (status >= 500) {
        logger.warn(line, 'request failed');
      } else if (line.aborted) {
        // The client went away, or a streamed answer broke off (its error is logged by the host's error handler).
        logger.warn(line, 'answer not completed');
      } else if (ms - (record.loginDelayMs ?? 0) - (record.clientWaitMs ?? 0) >= slowRequestMs) {
        // A refused login held back on purpose, or a device reading its answer slowly, is not a slow
        // server: only the time spent working counts.
        logger.warn(line, 'slow request');
      } else if (record.refusal || (record.authFailure && record.authFailure !== 'no-credentials')) {
        logger.info(line, 'request refused');
      } else {
        logger.info(line, 'request');
      }
    });
    await next();
    // A streamed answer (large multistatus) can still fail while rendering after the status was sent.
    const body = ctx.body as { on?: (event: string, listener: (err: unknown) => void) => void } | null;
    if (body && typeof body.on === 'function' && typeof (body as { pipe?: unknown }).pipe === 'function') {
      body.on('error', (err) => {
        observation(ctx).failure = err;
      });
    }
  };
}

/**
 * The error as the logger's serializer (pino's) should see it: its class (the logged `type`), message
 * and stack, nothing else. A driver's error carries more (the SQL with its values), which must not
 * reach a log.
 */
export function loggable(err: Error): Error {
  const copy = Object.create(Object.getPrototypeOf(err) as object) as Error;
  Object.defineProperties(copy, {
    message: { value: err.message, enumerable: true },
    stack: { value: err.stack, enumerable: true },
  });
  return copy;
}

/** Counts the body bytes written to the socket (streamed answers have no Content-Length). */
function countBodyBytes(ctx: Context): () => number {
  const res = ctx.res;
  let total = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
  const add = (chunk: unknown, encoding: unknown) => {
    if (typeof chunk === 'string') total += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) total += chunk.byteLength;
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    add(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'function') add(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as typeof res.end;
  return () => total;
}
