import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import Koa from 'koa';
import knexFactory, { type Knex } from 'knex';
import { loadConfig, type AppConfig } from '../config/default.ts';
import { knexConfig } from './adapters/knex/knexConfig.ts';
import { seedDemo } from './adapters/knex/seed/demoSeeder.ts';
import { prepareStandaloneDatabase } from './adapters/knex/install/install.ts';
import { loadCrmSchema } from './adapters/knex/schema/crmSchema.ts';
import { brokerStarDav } from './brokerStarDav.ts';
import { TOKENS } from './ports/index.ts';
import { buildContainer } from './container.ts';
import { demoLoginTable, describeDatabase } from './cli/startupBanner.ts';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where start-up messages go (tests pass a no-op). */
  readonly log?: (line: string) => void;
}

/** Counts for /health; a failing query means the database is not reachable. */
async function health(knex: Knex, config: AppConfig) {
  const client = config.database.client;
  try {
    const count = async (t: string) => Number(((await knex(t).count({ n: '*' }).first()) as { n: unknown }).n);
    return { status: 200, body: { status: 'ok', database: { client, reachable: true }, counts: { users: await count('users'), contacts: await count('contacts') } } };
  } catch (err) {
    return { status: 503, body: { status: 'error', database: { client, reachable: false, error: (err as Error).message } } };
  }
}

function hostPage(origin: string, basePath: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>BrokerStar DAV</title></head><body>
<h1>BrokerStar DAV</h1>
<p>Kontakte, Kalender und Aufgaben aus BrokerStar mit Outlook, iPhone/iPad, macOS, Android (DAVx5) und Thunderbird synchronisieren.</p>
<ul>
<li>Server / DAV URL: <code>${esc(origin)}</code> (CalDAV/CardDAV unter <code>${esc(origin + basePath)}</code>)</li>
<li>Benutzername: Ihr BrokerStar Loginname, klein geschrieben (z.B. <code>max.muster</code>); Passwort: Ihr BrokerStar Passwort</li>
<li>Outlook: Plugin "Outlook CalDav Synchronizer", Generisches Profil, "Test oder suche Einstellungen"</li>
<li>Voraussetzung: Mailing-Modul aktiviert und die Synchronisierung in der Benutzergruppe erlaubt</li>
</ul>
<p><a href="/health">Status</a></p></body></html>`;
}

/**
 * Starts the server: database (migrated, demo data when empty and embedded), a small host app
 * with its own `/` and `/health`, then the DAV plugin mounted after them.
 */
export async function startServer(config: AppConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const schema = await loadCrmSchema(config.crmSchemaFile);
  const knex = knexFactory(knexConfig(config.database, schema));
  try {
    // The stand-alone server migrates itself: the reference CRM schema in an empty database, the plugin's tables always.
    const layout = await prepareStandaloneDatabase(knex, schema, { installOnHost: true });
    const users = (await buildContainer({ knex, schema })).get(TOKENS.UserDirectory);
    const userCount = Number(((await knex(schema.t('users')).count({ n: '*' }).first()) as { n: unknown }).n);
    if (config.seedDemoWhenEmpty && layout === 'reference' && userCount === 0) {
      const result = await seedDemo(knex, new Date());
      if (result.seeded) log('Empty database: demo data loaded.');
    }

    const app = new Koa();
    app.proxy = config.dav.trustProxy;
    // Host routes first: the plugin only sees what the host leaves to it (PROPFIND /, /.well-known, basePath).
    app.use(async (ctx, next) => {
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
      if (ctx.path === '/') {
        ctx.type = 'html';
        ctx.body = hostPage(`${ctx.protocol}://${ctx.host}`, config.dav.basePath);
      } else if (ctx.path === '/health') {
        const { status, body } = await health(knex, config);
        ctx.status = status;
        ctx.body = body;
      } else {
        return next();
      }
    });
    const dav = brokerStarDav({
      knex, schema, basePath: config.dav.basePath, realm: config.dav.realm, trustProxy: config.dav.trustProxy,
      maxResourceSize: config.dav.maxResourceSize, authCacheTtlMs: config.dav.authCacheTtlMs,
    });
    app.use(dav);
    await dav.ready;

    const server = config.tls
      ? https.createServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, app.callback())
      : http.createServer(app.callback());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = ['0.0.0.0', '::', ''].includes(config.host) ? 'localhost' : config.host;
    const url = `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

    log(`BrokerStar DAV listening on ${url}  (DAV under ${url}${config.dav.basePath})`);
    log(`Database: ${describeDatabase(config.database)}`);
    const demo = await demoLoginTable(users);
    if (demo.length > 0) {
      log('Demo logins:');
      for (const line of demo) log(`  ${line}`);
    }

    let closed = false;
    return {
      url,
      async close() {
        if (closed) return;
        closed = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await dav.close();
        await knex.destroy();
      },
    };
  } catch (err) {
    await knex.destroy();
    throw err;
  }
}

async function main(): Promise<void> {
  const server = await startServer(loadConfig());
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down…`);
    server.close().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

// Run only as `npm start` (node dist/src/main.js) or `tsx src/main.ts`, not when a test or the benchmark imports startServer.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(`Could not start BrokerStar DAV: ${(err as Error).message}`);
    process.exit(1);
  });
}
