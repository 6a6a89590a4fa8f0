import type { Context, Middleware, Next } from 'koa';
import type { DavMetrics } from './observability/metrics.ts';
import type { DavHandler } from './dav/DavHandler.ts';
import type { SetupHandler } from './setup/SetupHandler.ts';
import { davRoute } from './davRoutes.ts';
import { observation as requestObservation } from './observability/observation.ts';
import { sendUserMessage } from './userMessageBody.ts';

/** What answers the plugin's requests once it is ready. */
export interface PluginHandlers {
  readonly dav: DavHandler;
  readonly setup: SetupHandler;
}

/** The Koa middleware of the plugin: a function plus its lifecycle. */
export interface DavMiddleware extends Middleware {
  readonly basePath: string;
  /** Resolves when the plugin is ready to answer (the first request waits for it anyway). */
  readonly ready: Promise<void>;
  /** The plugin's metrics; `metrics.registry` is what a host exposes (e.g. on its own /metrics). */
  readonly metrics: DavMetrics;
  /** Releases what the plugin holds; the host keeps its knex instance. Requests afterwards get 503. */
  close(): Promise<void>;
  /**
   * Resolves when what answered requests left running has finished: re-rendered objects are stored
   * after the answer. For tests and tools that read the plugin's tables right after a request.
   */
  settled(): Promise<void>;
}

/** What the middleware wraps every DAV request in (request log line, metrics), and exposes. */
export interface DavObservation {
  readonly middleware: Middleware;
  readonly metrics: DavMetrics;
}

/** Marks our middleware functions so that a second one in the same app is noticed. */
const MOUNTED = Symbol.for('brokerstar-dav.middleware');
type Marked = Middleware & { [MOUNTED]?: string };

/** Per Koa app: `null` when its middleware list was checked and is fine, else the error to raise. */
const mountChecks = new WeakMap<object, Error | null>();

/**
 * Two plugin middlewares in one app would both claim `/.well-known/*` and `/`: the first would answer
 * and the second would never see a request, so devices of the second would get silent wrong answers.
 * Koa fixes its middleware list when the server starts, so checking it once per app is enough.
 */
function mountError(app: { middleware?: readonly Middleware[] }): Error | null {
  const ours = (app.middleware ?? []).filter((m): m is Marked => (m as Marked)[MOUNTED] !== undefined);
  if (ours.length < 2) return null;
  if (new Set(ours).size < ours.length) {
    return new Error('brokerStarDav: the same middleware is mounted twice in this Koa app (app.use called twice with it). Mount it once.');
  }
  const paths = ours.map((m) => m[MOUNTED]).join(', ');
  return new Error(`brokerStarDav: ${ours.length} plugin instances are mounted in this Koa app (base paths ${paths}); ` +
    'they would all claim /.well-known/caldav|carddav and DAV on "/". Mount one instance.');
}

/**
 * Builds the Koa middleware around a DAV handler that is created on first use (`init`). It answers
 * only the plugin's paths (see `davRoute`) and calls `next()` for everything else, untouched.
 */
export function davMiddleware(
  basePath: string, init: () => Promise<PluginHandlers>, lifecycle: { dispose(): Promise<void>; settled(): Promise<void> }, observation: DavObservation,
): DavMiddleware {
  let handler: Promise<PluginHandlers> | undefined;
  let closed = false;
  /** The start failure last reported to the host, so that each cause reaches its log once. */
  let reportedFailure: string | undefined;
  const start = (): Promise<PluginHandlers> => {
    handler ??= init().catch((err: unknown) => {
      handler = undefined; // a later request tries again (e.g. the database was briefly unreachable)
      throw err;
    });
    return handler;
  };

  const middleware = async (ctx: Context, next: Next): Promise<void> => {
    const route = davRoute(ctx.method, ctx.path, basePath);
    if (route === null) return next();
    return observation.middleware(ctx, () => serve(ctx, route)) as Promise<void>;
  };

  const serve = async (ctx: Context, route: NonNullable<ReturnType<typeof davRoute>>): Promise<void> => {
    let problem = mountChecks.get(ctx.app);
    if (problem === undefined) {
      problem = mountError(ctx.app);
      mountChecks.set(ctx.app, problem);
    }
    if (problem) throw problem;
    if (closed) {
      ctx.status = 503;
      sendUserMessage(ctx, { key: 'plugin-shut-down' });
      return;
    }
    let handlers: PluginHandlers;
    try {
      handlers = await start();
    } catch (err) {
      // Not installed yet, database unreachable at start: devices retry later; the host's log says why.
      ctx.status = 503;
      ctx.set('Retry-After', '60');
      sendUserMessage(ctx, { key: 'plugin-not-ready' });
      // Devices retry every few seconds: the host's error handler gets each cause once, and the
      // plugin's log names it on every refused request but shows its stack only the first time.
      const cause = err instanceof Error ? err.message : String(err);
      const first = cause !== reportedFailure;
      reportedFailure = cause;
      requestObservation(ctx).failure = first ? err : { message: cause };
      if (first) ctx.app.emit('error', err, ctx);
      return;
    }
    reportedFailure = undefined;
    if (route === 'setup') await handlers.setup.handle(ctx);
    else if (route === 'well-known') await handlers.dav.wellKnown(ctx);
    else await handlers.dav.handle(ctx, route === 'root');
  };

  // defineProperties, not Object.assign: `ready` must stay a getter (reading it starts the initialisation).
  return Object.defineProperties(middleware, {
    [MOUNTED]: { value: basePath },
    basePath: { value: basePath, enumerable: true },
    metrics: { value: observation.metrics, enumerable: true },
    ready: { get: (): Promise<void> => start().then(() => undefined), enumerable: true },
    close: {
      value: async (): Promise<void> => {
        if (closed) return;
        closed = true;
        if (handler) await handler.catch(() => undefined);
        await lifecycle.dispose();
      },
    },
    settled: { value: (): Promise<void> => lifecycle.settled() },
  }) as DavMiddleware;
}
