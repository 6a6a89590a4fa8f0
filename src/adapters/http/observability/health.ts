import type { Knex } from 'knex';
import type { Middleware } from 'koa';

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  /** The process answers (always true when there is an answer at all). */
  readonly live: true;
  /** The database answers `SELECT 1`: requests can be served. */
  readonly ready: boolean;
  readonly database: { readonly reachable: boolean; readonly error?: string };
}

/**
 * Liveness and readiness without login: one `SELECT 1`, no counts and nothing about the data
 * (probes run often and anybody can call them). The database error message is reported so an
 * operator sees why the instance is not ready; it names no credentials (drivers do not put them there).
 */
export async function checkHealth(knex: Knex, timeoutMs = 2000): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([knex.raw('SELECT 1'), timeout]);
    return { status: 'ok', live: true, ready: true, database: { reachable: true } };
  } catch (err) {
    return { status: 'unavailable', live: true, ready: false, database: { reachable: false, error: (err as Error).message } };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Koa middleware a host mounts where it likes: `GET <path>` answers liveness + readiness as JSON
 * (200 ready / 503 not ready), `GET <path>/live` answers 200 as long as the process runs.
 */
export function healthEndpoint(knex: Knex, path = '/health'): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === `${path}/live`) {
      ctx.body = { status: 'ok', live: true };
      return;
    }
    if (ctx.path !== path) return next();
    const report = await checkHealth(knex);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = report.ready ? 200 : 503;
    ctx.body = report;
  };
}
