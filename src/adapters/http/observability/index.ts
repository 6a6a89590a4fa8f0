import type { Knex } from 'knex';
import type { Middleware } from 'koa';
import type { Registry } from 'prom-client';
import { silentLogger, type DavLogger } from './logger.ts';
import { DavMetrics } from './metrics.ts';
import { observeRequests } from './observe.ts';

export { checkHealth, healthEndpoint, type HealthReport } from './health.ts';
export { metricsEndpoint } from './metricsEndpoint.ts';
export { createLogger, type DavLogger } from './logger.ts';
export { DavMetrics } from './metrics.ts';
export { clientFamily, type ClientFamily } from './clientFamily.ts';
export { observeRequests } from './observe.ts';

/** The observability part of the plugin options. */
export interface ObservabilityOptions {
  /** The host's logger (pino or compatible); without one the plugin logs nothing. */
  readonly logger?: DavLogger;
  /** The host's Prometheus registry; without one the plugin makes its own (with process metrics). */
  readonly metricsRegistry?: Registry;
  /** Requests slower than this are logged as warnings (default 2000 ms). */
  readonly slowRequestMs?: number;
  /**
   * `false`: no request log lines and no request metrics (a host with its own access log and
   * HTTP metrics); database metrics are still collected. Default `true`.
   */
  readonly observeRequests?: boolean;
}

export interface Observability {
  readonly middleware: Middleware;
  readonly metrics: DavMetrics;
  readonly logger: DavLogger;
  /** Detaches the database listeners. */
  close(): void;
}

/** Request logging and metrics for one mounted plugin, timing the host's knex statements too. */
export function setUpObservability(options: ObservabilityOptions, knex: Knex): Observability {
  const logger = options.logger ?? silentLogger();
  // A host registry may already collect process metrics; registering them twice throws.
  const metrics = new DavMetrics(options.metricsRegistry, { processMetrics: options.metricsRegistry === undefined });
  const detach = metrics.instrumentKnex(knex);
  const middleware: Middleware = options.observeRequests === false
    ? (_ctx, next) => next()
    : observeRequests({ logger, metrics, slowRequestMs: options.slowRequestMs ?? 2000 });
  return { middleware, metrics, logger, close: detach };
}
