// A TypeScript host: the plugin's types come from the package's `exports` (types condition).
import Koa from 'koa';
import knexFactory from 'knex';
import { brokerStarDav, type BrokerStarDavMiddleware, type BrokerStarDavOptions } from 'brokerstar-dav';

const knex = knexFactory({
  client: 'mysql2',
  // BrokerStar's DATETIME/DATE columns hold UTC (README, "Embed in your Koa server").
  connection: { uri: process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/brokerstar', timezone: 'Z', dateStrings: true },
});
const options: BrokerStarDavOptions = { knex, basePath: '/dav', trustProxy: true, maxResourceSize: 5 * 1024 * 1024 };
const dav: BrokerStarDavMiddleware = brokerStarDav(options);

const app = new Koa();
app.use(dav);
app.use((ctx) => {
  ctx.body = 'host';
});

const ready: Promise<void> = dav.ready;
const basePath: string = dav.basePath;
await ready;
const server = app.listen(3000, () => console.log(`DAV under ${basePath}`));
process.once('SIGTERM', () => server.close(() => void dav.close().then(() => knex.destroy())));
