import type Koa from 'koa';
import Router from '@koa/router';
import type { ContainerModule } from 'inversify';
import type { Knex } from 'knex';
import { buildContainer } from '../../container.ts';
import { formatsModule } from '../formats/formatsModule.ts';
import { DEFAULT_LIMITS, type Limits, type RenderFailure, type RenderFailureReporter } from '../../ports/index.ts';
import { AUTHENTICATOR, DAV_SERVICES, davModule } from './dav/davModule.ts';
import { DavHandler } from './dav/DavHandler.ts';
import { METHODS } from './dav/methods/index.ts';

/** Options a host application passes when mounting the DAV plugin. */
export interface DavPluginOptions {
  /** The host's knex instance (BrokerStar's MySQL, or SQLite); the host keeps ownership. */
  readonly knex: Knex;
  /** Path under which the DAV tree lives (default `/dav`); `/` and `/.well-known/*` are answered for discovery. */
  readonly basePath?: string;
  readonly realm?: string;
  readonly trustProxy?: boolean;
  readonly maxResourceSize?: number;
  readonly authCacheTtlMs?: number;
  /** Bounds on the work one request may cause (see `Limits` for each one and its setting). */
  readonly limits?: Partial<Limits>;
  /** Extra Inversify modules, e.g. to replace the visibility rule or a storage adapter. */
  readonly modules?: readonly ContainerModule[];
}

export interface MountedDav {
  readonly basePath: string;
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

/** A stored object that could not be rendered and was served from its last good representation. */
export class RenderFailedError extends Error {
  constructor(readonly failure: RenderFailure) {
    super(`Could not render ${failure.kind} ${failure.objectId}; serving its last good representation: ${(failure.error as Error)?.message ?? String(failure.error)}`, { cause: failure.error });
  }
}

/** Render failures go to the host's `app.on('error')` (Koa logs them when nobody listens). */
function appErrorReporter(app: Koa): RenderFailureReporter {
  return {
    renderFailed: (failure) => {
      const err = new RenderFailedError(failure);
      // An 'error' event nobody listens to would throw; Koa adds its logger only once it serves.
      if (app.listenerCount('error') > 0) app.emit('error', err);
      else app.onerror(err);
    },
  };
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
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
  const container = await buildContainer({ knex: options.knex }, [formatsModule(settings.limits), davModule(settings, appErrorReporter(app)), ...(options.modules ?? [])]);
  const handler = new DavHandler(container.get(DAV_SERVICES), container.get(AUTHENTICATOR), settings);

  const router = new Router({ methods: [...new Set([...TREE_METHODS, ...ROOT_METHODS, 'GET', 'HEAD'])] });
  router.register(['/.well-known/caldav', '/.well-known/carddav'], TREE_METHODS, (ctx) => handler.wellKnown(ctx));
  router.register('/', ROOT_METHODS, (ctx) => handler.handle(ctx, true));
  router.register([basePath, `${basePath}/{*rest}`], TREE_METHODS, (ctx) => handler.handle(ctx, false));
  app.use(router.routes());
  return { basePath, close: async () => container.unbindAll() };
}
