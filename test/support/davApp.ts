import Koa from 'koa';
import type { Knex } from 'knex';
import request from 'supertest';
import { brokerStarDav, type BrokerStarDavMiddleware, type BrokerStarDavOptions } from '../../src/index.ts';
import { seedDemo } from '../../src/adapters/knex/seed/demoSeeder.ts';

export const DEMO_REFERENCE = new Date('2026-11-16T09:00:00Z');

/** A host app with its own route (`GET /`), the DAV plugin not mounted yet. */
function hostApp(): Koa {
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/') {
      ctx.type = 'text/html';
      ctx.body = '<h1>BrokerStar host page</h1>';
      return;
    }
    await next();
  });
  app.silent = true;
  return app;
}

const pluginOf = new WeakMap<Koa, BrokerStarDavMiddleware>();

/**
 * Waits until what `app`'s answered requests left running is done (re-rendered objects are stored
 * after the answer): call it before reading the plugin's tables or counting a later request's statements.
 */
export async function settled(app: Koa): Promise<void> {
  const plugin = pluginOf.get(app);
  if (!plugin) throw new Error('settled: no DAV plugin mounted in this app by the test helpers');
  await plugin.settled();
}

/** Mounts the DAV plugin into `app` over the given database; returns its `close`. */
async function mountDav(app: Koa, knex: Knex, options: Partial<BrokerStarDavOptions>): Promise<() => Promise<void>> {
  const plugin = brokerStarDav({ knex, authCacheTtlMs: 60_000, ...options });
  pluginOf.set(app, plugin);
  app.use(plugin);
  await plugin.ready;
  return () => plugin.close();
}

/** A host app with its own routes and the DAV plugin mounted, over the given database. */
export async function createDavApp(knex: Knex, options: Partial<BrokerStarDavOptions> = {}): Promise<{ app: Koa; close(): Promise<void> }> {
  const app = hostApp();
  return { app, close: await mountDav(app, knex, options) };
}

/**
 * For a `describe` body: the demo data seeded and the plugin mounted before its tests, closed after
 * them. The app is returned at once (Koa composes its middleware per request), so tests use it as is.
 */
export function demoAppForSuite(db: () => Knex, options: Partial<BrokerStarDavOptions> = {}): Koa {
  const app = hostApp();
  let close: () => Promise<void> = async () => {};
  before(async () => {
    await seedDemoData(db());
    close = await mountDav(app, db(), options);
  });
  after(() => close());
  return app;
}

/** Seeds the demo data set (users max.muster, lisa.admin, anna.beispiel, peter.ohne, sandra.keller). */
export async function seedDemoData(knex: Knex): Promise<void> {
  await seedDemo(knex, DEMO_REFERENCE);
}

export function basic(login: string, password = 'demo'): string {
  return `Basic ${Buffer.from(`${login}:${password}`, 'utf8').toString('base64')}`;
}

/** Sends a DAV request with Basic credentials, like a client that authenticates preemptively. */
export function dav(app: Koa, method: string, path: string, options: { as?: string | null; depth?: string; body?: string | Buffer; headers?: Record<string, string> } = {}): request.Test {
  // supertest offers every method Node knows (http.METHODS), PROPFIND and REPORT included.
  const agent = request(app.callback()) as unknown as Record<string, (p: string) => request.Test>;
  let req = agent[method.toLowerCase()]!(path);
  if (options.as !== null) req = req.set('Authorization', basic(options.as ?? 'max.muster'));
  if (options.depth !== undefined) req = req.set('Depth', options.depth);
  for (const [k, v] of Object.entries(options.headers ?? {})) req = req.set(k, v);
  if (options.body !== undefined) {
    if (!options.headers?.['Content-Type']) req = req.set('Content-Type', 'application/xml; charset=utf-8');
    req = req.send(options.body);
  }
  // Buffer every answer as text (application/xml is not buffered by default).
  return req.buffer(true).parse((res, cb) => {
    let data = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (data += chunk));
    res.on('end', () => {
      (res as unknown as { text: string }).text = data;
      cb(null, data);
    });
  });
}
