import type Koa from 'koa';
import Router from '@koa/router';
import type { ContainerModule } from 'inversify';
import type { Knex } from 'knex';
import { buildContainer } from '../../container.ts';
import { formatsModule } from '../formats/formatsModule.ts';
import { AUTHENTICATOR, DAV_SERVICES, davModule } from './dav/davModule.ts';
import { DavHandler } from './dav/DavHandler.ts';
import { METHODS } from './dav/methods/index.ts';
import { setUpObservability, type DavMetrics, type ObservabilityOptions } from './observability/index.ts';

/** For the host: health probes, a bearer-protected metrics route and the stand-alone server's logger. */
export { checkHealth, healthEndpoint, metricsEndpoint, createLogger, type DavLogger, type HealthReport } from './observability/index.ts';

/** Options a host application passes when mounting the DAV plugin. */
export interface DavPluginOptions extends ObservabilityOptions {
  /** The host's knex instance (BrokerStar's MySQL, or SQLite); the host keeps ownership. */
  readonly knex: Knex;
  /** Path under which the DAV tree lives (default `/dav`); `/` and `/.well-known/*` are answered for discovery. */
  readonly basePath?: string;
  readonly realm?: string;
  readonly trustProxy?: boolean;
  readonly maxResourceSize?: number;
  readonly authCacheTtlMs?: number;
  /** Extra Inversify modules, e.g. to replace the visibility rule or a storage adapter. */
  readonly modules?: readonly ContainerModule[];
}

export interface MountedDav {
  readonly basePath: string;
  /** The plugin's metrics; `metrics.registry` is what a host exposes (e.g. on its own /metrics). */
  readonly metrics: DavMetrics;
  close(): Promise<void>;
}

/** Methods answered as DAV on the bare host `/`; GET, HEAD and POST of `/` stay the host's. */
const ROOT_METHODS = ['PROPFIND', 'OPTIONS', 'REPORT', 'PROPPATCH'];
/** Everything routed into the DAV tree, so that unsupported methods get a DAV 405 with `Allow`. */
const TREE_METHODS = [...new Set([...METHODS.map((m) => m.name), 'POST', 'PATCH', 'MOVE', 'COPY', 'LOCK', 'UNLOCK', 'ACL', 'SEARCH'])];

function normaliseBase(base: string): string {
  const trimmed = `/${base.replace(/^\/+|\/+$/g, '')}`;
  if (trimmed === '/') throw new Error('The DAV base path must not be "/": the host keeps its own routes there.');
  return trimmed;
}

/**
 * Mounts CalDAV/CardDAV into a host Koa app with one call, without taking over the host's routes:
 * only the DAV tree, `/.well-known/caldav|carddav` and DAV methods on `/` are answered.
 */
export async function mountBrokerStarDav(app: Koa, options: DavPluginOptions): Promise<MountedDav> {
  const basePath = normaliseBase(options.basePath ?? '/dav');
  const settings = {
    basePath,
    realm: options.realm ?? 'BrokerStar',
    trustProxy: options.trustProxy ?? false,
    maxResourceSize: options.maxResourceSize ?? 10 * 1024 * 1024,
    authCacheTtlMs: options.authCacheTtlMs ?? 5 * 60 * 1000,
  };
  const container = await buildContainer({ knex: options.knex }, [formatsModule(), davModule(settings), ...(options.modules ?? [])]);
  const handler = new DavHandler(container.get(DAV_SERVICES), container.get(AUTHENTICATOR), settings);
  const observability = setUpObservability(options, options.knex);
  const observe = observability.middleware;

  const router = new Router({ methods: [...new Set([...TREE_METHODS, ...ROOT_METHODS, 'GET', 'HEAD'])] });
  router.register(['/.well-known/caldav', '/.well-known/carddav'], TREE_METHODS, [observe, (ctx) => handler.wellKnown(ctx)]);
  router.register('/', ROOT_METHODS, [observe, (ctx) => handler.handle(ctx, true)]);
  router.register([basePath, `${basePath}/{*rest}`], TREE_METHODS, [observe, (ctx) => handler.handle(ctx, false)]);
  app.use(router.routes());
  return {
    basePath,
    metrics: observability.metrics,
    close: async () => {
      observability.close();
      await container.unbindAll();
    },
  };
}
