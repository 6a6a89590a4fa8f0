import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics` in Prometheus text format, only to `Authorization: Bearer <token>` (401
 * otherwise). Without a token the route does not exist (the caller does not mount it).
 */
export function metricsEndpoint(registry: Registry, token: string, path = '/metrics'): Middleware {
  const expected = Buffer.from(`Bearer ${token}`);
  return async (ctx, next) => {
    if (ctx.path !== path || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const given = Buffer.from(ctx.get('Authorization'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
      ctx.body = 'Metrics need Authorization: Bearer <METRICS_TOKEN>.\n';
      return;
    }
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  };
}
