// A host Koa application (think: BrokerStar's own web server) that embeds CalDAV/CardDAV.
// Run: DATABASE_URL=mysql://user:pass@host:3306/brokerstar PORT=3000 node server.js
import Koa from 'koa';
import Router from '@koa/router';
import { koaBody } from 'koa-body';
import knexFactory from 'knex';
import pino from 'pino';
import { brokerStarDav } from 'brokerstar-dav';
import knexfile from './knexfile.js';

function createApp(knex) {
  const app = new Koa();
  // A global body parser before everything, in its default configuration: the plugin copes with it.
  app.use(koaBody());

  // The plugin answers /.well-known/caldav|carddav, DAV methods on "/" and everything under /dav;
  // every other request passes through to the host's routes below.
  // One JSON line per DAV request on standard output (request id, user, status, ms); without a
  // logger the plugin logs nothing.
  const dav = brokerStarDav({ knex, basePath: '/dav', logger: pino() });
  app.use(dav);

  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = '<h1>Host application</h1><p>Devices sync with this server\'s address; DAV lives under /dav.</p>';
  });
  router.get('/notes', async (ctx) => {
    ctx.body = await knex('host_notes').select('id', 'text').orderBy('id');
  });
  router.post('/notes', async (ctx) => {
    const text = String(ctx.request.body?.text ?? '').slice(0, 200);
    if (text === '') ctx.throw(400, 'text is required');
    const [id] = await knex('host_notes').insert({ text });
    ctx.status = 201;
    ctx.body = { id, text };
  });
  app.use(router.routes()).use(router.allowedMethods());
  return { app, dav };
}

async function main() {
  const knex = knexFactory(knexfile);
  const { app, dav } = createApp(knex);
  await dav.ready; // optional: fail at start-up rather than on the first DAV request
  const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
    const { address, port } = server.address();
    console.log(`Host listening on http://${address}:${port}`);
  });
  const stop = () => server.close(async () => {
    await dav.close();
    await knex.destroy();
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
