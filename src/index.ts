/**
 * Public API of the `brokerstar-dav` package (what a host imports):
 *
 *   import { brokerStarDav } from 'brokerstar-dav';
 *   app.use(brokerStarDav({ knex, basePath: '/dav' }));
 */
export { brokerStarDav, type BrokerStarDavOptions, type BrokerStarDavMiddleware } from './brokerStarDav.ts';
export type { SetupUserResolver } from './adapters/http/setup/SetupHandler.ts';
/** For the host: health probes, a bearer-protected metrics route and a logger like the stand-alone server's. */
export { checkHealth, healthEndpoint, metricsEndpoint, createLogger, type DavLogger, type HealthReport } from './adapters/http/observability/index.ts';
