import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The plugin's Prometheus metrics, registered in the host's registry or a new one. One instance per
 * mounted plugin; the stand-alone server serves its registry on `/metrics`.
 */
export class DavMetrics {
  readonly requests: Counter<'method' | 'report' | 'status'>;
  readonly requestDuration: Histogram<'method' | 'report' | 'status'>;
  readonly authFailures: Counter<'reason'>;
  readonly syncRefusals: Counter<'reason'>;
  readonly throttled: Counter<'counter'>;
  readonly syncCollectionSize: Histogram;
  readonly queryDuration: Histogram<'outcome'>;
  readonly storageUnavailable: Counter;

  constructor(readonly registry: Registry = new Registry(), options: { processMetrics?: boolean } = {}) {
    const registers = [registry];
    // A second plugin on the same registry (or a re-mount) shares the metrics instead of failing.
    const shared = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
    this.requests = shared('brokerstar_dav_requests_total', () => new Counter({
      name: 'brokerstar_dav_requests_total', help: 'DAV requests answered, by method, REPORT type and status', labelNames: ['method', 'report', 'status'], registers,
    }));
    this.requestDuration = shared('brokerstar_dav_request_duration_seconds', () => new Histogram({
      name: 'brokerstar_dav_request_duration_seconds', help: 'Time to the end of the answer, by method, REPORT type and status',
      labelNames: ['method', 'report', 'status'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers,
    }));
    this.authFailures = shared('brokerstar_dav_auth_failures_total', () => new Counter({
      name: 'brokerstar_dav_auth_failures_total', help: 'Refused logins by reason (no-credentials, malformed, invalid-login, unknown-login, wrong-password)', labelNames: ['reason'], registers,
    }));
    this.syncRefusals = shared('brokerstar_dav_sync_refusals_total', () => new Counter({
      name: 'brokerstar_dav_sync_refusals_total', help: 'Authenticated requests refused with 403, by reason', labelNames: ['reason'], registers,
    }));
    this.throttled = shared('brokerstar_dav_throttled_requests_total', () => new Counter({
      name: 'brokerstar_dav_throttled_requests_total', help: 'Logins answered 429 by the failure counter that was full (login-from-address, login, address)',
      labelNames: ['counter'], registers,
    }));
    this.syncCollectionSize = shared('brokerstar_dav_sync_collection_changes', () => new Histogram({
      name: 'brokerstar_dav_sync_collection_changes', help: 'Changed and removed members per sync-collection answer',
      buckets: [0, 1, 10, 100, 1000, 10_000, 100_000], registers,
    }));
    this.queryDuration = shared('brokerstar_dav_db_query_duration_seconds', () => new Histogram({
      name: 'brokerstar_dav_db_query_duration_seconds', help: 'Database statement time as knex sees it', labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5], registers,
    }));
    this.storageUnavailable = shared('brokerstar_dav_storage_unavailable_total', () => new Counter({
      name: 'brokerstar_dav_storage_unavailable_total', help: 'Requests answered 503 because the database could not be reached', registers,
    }));
    if (options.processMetrics) collectDefaultMetrics({ register: registry });
  }

  /**
   * Times every statement through knex's `query` / `query-response` / `query-error` events and
   * reports the connection pool on each scrape. Returns a function that detaches the listeners.
   */
  instrumentKnex(knex: Knex): () => void {
    const started = new Map<string, number>();
    const onQuery = (q: { __knexQueryUid?: string }) => {
      if (!q.__knexQueryUid) return;
      // Streamed statements may end without an event: never let the map grow without bound.
      if (started.size > 10_000) started.clear();
      started.set(q.__knexQueryUid, performance.now());
    };
    const finish = (outcome: 'ok' | 'error') => (q: { __knexQueryUid?: string } | undefined) => {
      const uid = q?.__knexQueryUid;
      const t0 = uid ? started.get(uid) : undefined;
      if (uid === undefined || t0 === undefined) return;
      started.delete(uid);
      this.queryDuration.observe({ outcome }, (performance.now() - t0) / 1000);
    };
    const onResponse = (_response: unknown, q: { __knexQueryUid?: string }) => finish('ok')(q);
    const onError = (_err: unknown, q: { __knexQueryUid?: string }) => finish('error')(q);
    knex.on('query', onQuery).on('query-response', onResponse).on('query-error', onError);

    const pool = () => (knex.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
    const name = 'brokerstar_dav_db_pool_connections';
    const existing = this.registry.getSingleMetric(name);
    if (!existing) {
      new Gauge({
        name, help: 'Database pool connections by state (used, free, pending acquires)', labelNames: ['state'], registers: [this.registry],
        collect() {
          const p = pool();
          if (!p) return;
          this.set({ state: 'used' }, p.numUsed());
          this.set({ state: 'free' }, p.numFree());
          this.set({ state: 'pending' }, p.numPendingAcquires());
        },
      });
    }
    return () => {
      knex.removeListener('query', onQuery).removeListener('query-response', onResponse).removeListener('query-error', onError);
    };
  }
}
