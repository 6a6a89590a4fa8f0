import { expect } from 'chai';
import Koa from 'koa';
import { capturingLogger } from '../support/capturingLogger.ts';
import Router from '@koa/router';
import { createTestDatabase, forEachDatabase } from '../support/databases.ts';
import { migrateStandalone } from '../../src/adapters/knex/migrations/index.ts';
import { createDavApp, dav, seedDemoData } from '../support/davApp.ts';
import { brokerStarDav } from '../../src/index.ts';
import { parseMultistatus, prop, hrefsIn } from '../support/multistatus.ts';
import { dav as d } from '../../src/adapters/http/dav/xml/names.ts';

/**
 * The plugin inside a host app (BrokerStar's own Koa server): the host keeps `GET /` and its other
 * routes, whether registered before or after the plugin; DAV answers only its tree, the DAV
 * methods on `/` and `/.well-known/*`. Behind a TLS proxy (`trustProxy`), redirects keep https.
 */
const CUP = '<propfind xmlns="DAV:"><prop><current-user-principal/></prop></propfind>';

forEachDatabase('Plugin mounted in a host app', (db, dbName, schema) => {
  before(async () => seedDemoData(db()));

  it('host routes registered before and after the plugin keep working; PROPFIND/OPTIONS on / are DAV', async () => {
    const app = new Koa();
    app.silent = true;
    const early = new Router();
    early.get('/', (ctx) => {
      ctx.type = 'text/html';
      ctx.body = '<h1>BrokerStar</h1>';
    });
    app.use(early.routes());
    const mounted = brokerStarDav({ knex: db() });
    app.use(mounted);
    const late = new Router();
    late.get('/health', (ctx) => {
      ctx.body = { ok: true };
    });
    late.post('/api/login', (ctx) => {
      ctx.status = 204;
    });
    app.use(late.routes());
    try {
      const home = await dav(app, 'GET', '/', { as: null });
      expect(home.status).to.equal(200);
      expect(home.text).to.contain('<h1>BrokerStar</h1>');
      expect(home.headers.dav).to.equal(undefined);
      const health = await dav(app, 'GET', '/health', { as: null });
      expect(health.status).to.equal(200);
      expect(JSON.parse(health.text)).to.deep.equal({ ok: true });
      expect((await dav(app, 'POST', '/api/login', { as: null })).status).to.equal(204);

      const propfind = await dav(app, 'PROPFIND', '/', { depth: '0', body: CUP });
      expect(propfind.status).to.equal(207);
      expect(hrefsIn(prop(parseMultistatus(propfind.text).responses[0], d('current-user-principal')))).to.deep.equal(['/dav/principals/max.muster/']);
      const options = await dav(app, 'OPTIONS', '/');
      expect(options.status).to.equal(200);
      expect(options.headers.dav).to.match(/calendar-access/);
      expect((await dav(app, 'OPTIONS', '/', { as: null })).status).to.equal(401);
      for (const service of ['caldav', 'carddav']) {
        const wk = await dav(app, 'PROPFIND', `/.well-known/${service}`, { depth: '0', body: CUP });
        expect(wk.status).to.equal(301);
        expect(new URL(wk.headers.location!).pathname).to.equal('/dav/');
      }
    } finally {
      await mounted.close();
    }
  });

  it('a custom base path moves the tree and the well-known target', async () => {
    const { app, close } = await createDavApp(db(), { basePath: '/sync/dav/' });
    try {
      const wk = await dav(app, 'PROPFIND', '/.well-known/caldav', { depth: '0', body: CUP });
      expect(new URL(wk.headers.location!).pathname).to.equal('/sync/dav/');
      const root = await dav(app, 'PROPFIND', '/sync/dav/', { depth: '0', body: CUP });
      expect(hrefsIn(prop(parseMultistatus(root.text).responses[0], d('current-user-principal')))).to.deep.equal(['/sync/dav/principals/max.muster/']);
      expect((await dav(app, 'PROPFIND', '/dav/', { depth: '0', body: CUP })).status).to.equal(404);
    } finally {
      await close();
    }
  });

  const FORWARDED = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'public.brokerstar.biz', Host: '10.0.0.7:8080' };

  it('trustProxy on: the well-known redirect keeps https and the forwarded host', async () => {
    const { app, close } = await createDavApp(db(), { trustProxy: true });
    try {
      for (const method of ['PROPFIND', 'GET']) {
        const res = await dav(app, method, '/.well-known/carddav', { depth: '0', headers: FORWARDED });
        expect(res.status).to.equal(301);
        expect(res.headers.location).to.equal('https://public.brokerstar.biz/dav/');
      }
    } finally {
      await close();
    }
  });

  it('trustProxy off: X-Forwarded-* are ignored (a client could forge them)', async () => {
    const { app, close } = await createDavApp(db(), { trustProxy: false });
    try {
      const res = await dav(app, 'PROPFIND', '/.well-known/caldav', { depth: '0', headers: FORWARDED });
      expect(res.status).to.equal(301);
      expect(res.headers.location).to.equal('http://10.0.0.7:8080/dav/');
    } finally {
      await close();
    }
  });

  it('the factory is synchronous; requests outside its paths reach the host untouched, even before ready', async () => {
    const app = new Koa();
    app.silent = true;
    const plugin = brokerStarDav({ knex: db() });
    app.use(plugin);
    const seen: string[] = [];
    app.use((ctx) => {
      seen.push(`${ctx.method} ${ctx.path}`);
      ctx.body = 'host';
    });
    try {
      for (const [method, path] of [['GET', '/'], ['POST', '/'], ['GET', '/davx'], ['PROPFIND', '/api'], ['GET', '/.well-known/security.txt']] as const) {
        const res = await dav(app, method, path, { as: null });
        expect(res.text, `${method} ${path}`).to.equal('host');
      }
      expect(seen).to.deep.equal(['GET /', 'POST /', 'GET /davx', 'PROPFIND /api', 'GET /.well-known/security.txt']);
      // The first DAV request initialises the plugin by itself (no await of `ready` above).
      const root = await dav(app, 'PROPFIND', '/dav/', { depth: '0', body: CUP });
      expect(root.status).to.equal(207);
      await plugin.ready;
    } finally {
      await plugin.close();
    }
    expect((await dav(app, 'PROPFIND', '/dav/', { depth: '0', body: CUP })).status).to.equal(503);
    expect((await dav(app, 'GET', '/', { as: null })).text).to.equal('host');
  });

  it('mounting the same middleware twice, or two instances, fails every DAV request with a clear error', async () => {
    const once = brokerStarDav({ knex: db() });
    const other = brokerStarDav({ knex: db(), basePath: '/sync' });
    for (const [setup, message] of [
      [(app: Koa) => app.use(once).use(once), /same middleware is mounted twice/],
      [(app: Koa) => app.use(once).use(other), /2 plugin instances are mounted in this Koa app \(base paths \/dav, \/sync\)/],
    ] as const) {
      const app = new Koa();
      const errors: Error[] = [];
      app.on('error', (err: Error) => errors.push(err));
      setup(app);
      app.use((ctx) => {
        ctx.body = 'host';
      });
      const res = await dav(app, 'PROPFIND', '/.well-known/caldav', { depth: '0' });
      expect(res.status).to.equal(500);
      expect(errors.map((e) => e.message).join()).to.match(message);
      expect((await dav(app, 'GET', '/', { as: null })).text).to.equal('host');
    }
    await once.close();
    await other.close();
  });

  it('before install: every DAV request is a 503 with Retry-After, the host\'s log gets the cause once (not per request), the plugin\'s log names it on each, and install makes it answer', async () => {
    const empty = await createTestDatabase(dbName, { schema, migrated: false });
    const app = new Koa();
    const reported: Error[] = [];
    app.on('error', (err: Error) => reported.push(err));
    const { logger, lines } = capturingLogger();
    const plugin = brokerStarDav({ knex: empty.knex, logger });
    app.use(plugin);
    try {
      for (let i = 0; i < 5; i++) {
        // German by default, as every text a device shows its user; English when the device asks for it.
        const english = i % 2 === 1;
        const res = await dav(app, 'PROPFIND', '/dav/', { depth: '0', body: CUP, headers: english ? { 'Accept-Language': 'en-GB,en;q=0.8' } : {} });
        expect(res.status).to.equal(503);
        expect(res.headers['retry-after']).to.equal('60');
        expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
        expect(res.headers.vary).to.match(/Accept-Language/);
        expect(res.text).to.equal(english
          ? 'BrokerStar DAV is not available right now. Synchronisation will be retried automatically later.\n'
          : 'BrokerStar DAV ist gerade nicht verfügbar. Die Synchronisierung wird später automatisch wiederholt.\n');
      }
      expect(reported.map((e) => e.message)).to.have.length(1);
      expect(reported[0]!.message).to.contain('not installed in this database').and.to.contain('npx brokerstar-dav install')
        .and.to.contain('node_modules/brokerstar-dav/docs/install.md');
      for (let i = 0; i < 1000 && lines.filter((l) => l.status === 503).length < 5; i++) await new Promise((r) => setImmediate(r));
      const refused = lines.filter((l) => l.status === 503);
      expect(refused).to.have.length(5);
      // The first line carries the error with its type and stack, the others name the cause only.
      expect((refused[0]!.err as { message?: string; type?: string; stack?: string })).to.deep.include({ message: reported[0]!.message, type: reported[0]!.name });
      expect((refused[0]!.err as { stack?: string }).stack).to.be.a('string').and.not.equal('');
      for (const line of refused.slice(1)) {
        expect(line.cause).to.equal(reported[0]!.message);
        expect(line).to.not.have.property('err');
      }
      await migrateStandalone(empty.knex, schema);
      await seedDemoData(empty.knex);
      expect((await dav(app, 'PROPFIND', '/dav/', { depth: '0', body: CUP })).status).to.equal(207);
      expect(reported).to.have.length(1);
    } finally {
      await plugin.close();
      await empty.destroy();
    }
  });

  it('after close(): DAV requests get a 503 in the device\'s language, the host\'s routes still answer', async () => {
    const app = new Koa();
    const plugin = brokerStarDav({ knex: db(), logger: capturingLogger().logger });
    app.use(plugin);
    app.use((ctx) => { ctx.body = 'host'; });
    expect((await dav(app, 'PROPFIND', '/dav/', { depth: '0', body: CUP })).status).to.equal(207);
    await plugin.close();
    const german = await dav(app, 'PROPFIND', '/dav/', { depth: '0', body: CUP });
    expect(german.status).to.equal(503);
    expect(german.text).to.equal('BrokerStar DAV wurde beendet.\n');
    const english = await dav(app, 'PROPFIND', '/dav/', { depth: '0', body: CUP, headers: { 'Accept-Language': 'en' } });
    expect(english.status).to.equal(503);
    expect(english.text).to.equal('BrokerStar DAV has been shut down.\n');
    expect((await dav(app, 'GET', '/', { as: null })).text).to.equal('host');
  });
});
