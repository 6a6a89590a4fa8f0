import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import Koa from 'koa';
import knexFactory from 'knex';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { loadConfig, printableConfig, type AppConfig } from '../config/default.ts';
import { knexConfig } from './adapters/knex/knexConfig.ts';
import { seedDemo } from './adapters/knex/seed/demoSeeder.ts';
import { prepareStandaloneDatabase } from './adapters/knex/install/install.ts';
import { loadCrmSchema } from './adapters/knex/schema/crmSchema.ts';
import { brokerStarDav } from './brokerStarDav.ts';
import { TOKENS } from './ports/index.ts';
import { SETUP_HINTS, preferredLanguage, type Language } from './domain/index.ts';
import { buildContainer } from './container.ts';
import { demoLoginTable, describeDatabase } from './cli/startupBanner.ts';
import { createLogger, healthEndpoint, metricsEndpoint, type DavLogger } from './adapters/http/observability/index.ts';
import { closeGracefully } from './gracefulClose.ts';
import cluster from 'node:cluster';
import { onPrimaryShutdown, printsBanner, runPrimary } from './workerProcesses.ts';

export interface RunningServer {
  readonly url: string;
  /** Stops accepting, lets requests in flight finish for up to `graceMs` (default: none), closes the database. */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** Where start-up messages go (tests pass a no-op). */
  readonly log?: (line: string) => void;
  /** The request/event logger (default: from the configuration, JSON lines or readable lines). */
  readonly logger?: DavLogger;
}

function hostPage(origin: string, basePath: string, language: Language): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
  const page = SETUP_HINTS[language];
  const code = (s: string) => `<code>${esc(s)}</code>`;
  const fill = (hint: string) => esc(hint).replace('{server}', code(origin)).replace('{dav}', code(origin + basePath)).replace('{example}', code('max.muster'))
    .replace('{setup}', `<a href="${esc(basePath)}/setup">${esc(origin + basePath)}/setup</a>`);
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>BrokerStar DAV</title></head><body>
<h1>BrokerStar DAV</h1>
<p>${esc(page.intro)}</p>
<ul>
${page.hints.map((h) => `<li>${fill(h)}</li>`).join('\n')}
</ul>
<p><a href="/health">${esc(page.status)}</a></p></body></html>`;
}

function readSigningFiles(files: { certFile: string; keyFile: string; chainFile: string | null }) {
  return {
    certificatePem: readFileSync(files.certFile, 'utf8'),
    keyPem: readFileSync(files.keyFile, 'utf8'),
    ...(files.chainFile ? { chainPem: readFileSync(files.chainFile, 'utf8') } : {}),
  };
}

/**
 * Starts the server: database (migrated, demo data when empty and embedded), a small host app
 * with its own `/` and `/health`, then the DAV plugin mounted after them.
 */
export async function startServer(config: AppConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const logger = options.logger ?? createLogger(config.log);
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
    app.on('error', (err: unknown) => logger.error({ err }, 'unexpected error'));
    // Probes and scrapes first and unlogged: they run every few seconds.
    app.use(healthEndpoint(knex));
    const registry = new Registry();
    if (config.metricsToken) app.use(metricsEndpoint(registry, config.metricsToken));
    // Host routes first: the plugin only sees what the host leaves to it (PROPFIND /, /.well-known, basePath).
    app.use(async (ctx, next) => {
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
      if (ctx.path === '/') {
        ctx.type = 'html';
        ctx.vary('Accept-Language');
        ctx.body = hostPage(`${ctx.protocol}://${ctx.host}`, config.dav.basePath, preferredLanguage(ctx.get('Accept-Language')));
      } else {
        return next();
      }
    });
    const dav = brokerStarDav({
      knex, schema, basePath: config.dav.basePath, realm: config.dav.realm, trustProxy: config.dav.trustProxy,
      maxResourceSize: config.dav.maxResourceSize, authCacheTtlMs: config.dav.authCacheTtlMs,
      requireAppPasswords: config.dav.requireAppPasswords,
      ...(config.dav.setupCsrfSecret ? { setupCsrfSecret: config.dav.setupCsrfSecret } : {}),
      ...(config.dav.appleProfileSigning ? { appleProfileSigning: readSigningFiles(config.dav.appleProfileSigning) } : {}),
      logger, metricsRegistry: registry, slowRequestMs: config.log.slowRequestMs,
      journalRetentionMs: config.journalRetentionMs, limits: config.limits, context: config.context,
    });
    app.use(dav);
    await dav.ready;
    // The plugin leaves process metrics to the host when given a registry: the stand-alone server is the host.
    collectDefaultMetrics({ register: registry });

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
      async close(graceMs = 0) {
        if (closed) return;
        closed = true;
        const { cut } = await closeGracefully(server, graceMs);
        if (cut) logger.warn({ graceMs }, 'grace period over: open connections cut');
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
  const config = loadConfig();
  if (process.argv.includes('--print-config')) {
    console.log(printableConfig(config));
    return;
  }
  const logger = createLogger(config.log);
  if (config.workers > 1 && cluster.isPrimary) {
    await runPrimary(config, logger);
    setImmediate(() => process.exit(0));
    return;
  }
  // Signal handlers before anything starts: a SIGTERM during start-up must not kill the process mid-migration.
  const starting = startServer(config, { logger, ...(printsBanner() ? {} : { log: () => undefined }) });
  let stopping = false;
  const stop = (signal: string, fromPrimary = false) => {
    if (stopping) {
      // The primary's request after the signal a service manager sent to every process is not a second signal.
      if (fromPrimary) return;
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: no new connections, finishing requests in flight');
    starting.then((server) => server.close(config.shutdownGraceMs)).then(() => {
      logger.info({}, 'stopped');
      // pino writes asynchronously to stdout: let the last lines out before exiting.
      setImmediate(() => process.exit(0));
    }, (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  onPrimaryShutdown((reason) => stop(reason, true));
  await starting;
}

// Run only as `npm start` (node dist/src/main.js) or `tsx src/main.ts`, not when a test or the benchmark imports startServer.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(`Could not start BrokerStar DAV: ${(err as Error).message}`);
    process.exit(1);
  });
}
