import { expect } from 'chai';
import Koa from 'koa';
import knexFactory, { type Knex } from 'knex';
import request from 'supertest';
import { brokerStarDav, type BrokerStarDavMiddleware } from '../../src/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { basic, seedDemoData } from '../support/davApp.ts';

const PRINCIPAL = '/dav/principals/max.muster/';
const SANDRA = '/dav/principals/sandra.keller/';
/** Small delays keep the test quick; the counting and the limits are the defaults. */
const THROTTLING = { firstDelayMs: 5, maxDelayMs: 20 };

/** A host behind a proxy (TRUST_PROXY): the client address is the forwarded one. */
function hostApp(knex: Knex): { app: Koa; plugin: BrokerStarDavMiddleware } {
  const app = new Koa();
  app.proxy = true;
  app.silent = true;
  const plugin = brokerStarDav({ knex, authCacheTtlMs: 60_000, loginThrottling: THROTTLING });
  app.use(plugin);
  return { app, plugin };
}

function propfind(app: Koa, path: string, login: string, password: string, from: string) {
  return request(app.callback()).propfind(path).set('Authorization', basic(login, password)).set('Depth', '0').set('X-Forwarded-For', from);
}

forEachDatabase('login throttling', (db, name) => {
  let app: Koa;
  let plugin: BrokerStarDavMiddleware;
  before(async () => {
    await seedDemoData(db());
    ({ app, plugin } = hostApp(db()));
    await plugin.ready;
  });
  after(() => plugin.close());

  it('20 wrong passwords for one login from one address end in 429 with Retry-After; the right password elsewhere and colleagues at that address still work', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    let vary: string | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await propfind(app, PRINCIPAL, 'max.muster', `wrong-${i}`, '203.0.113.7');
      statuses.push(res.status);
      if (res.status === 429) ({ 'retry-after': retryAfter, vary } = res.headers);
    }
    expect(statuses.slice(0, 9).every((s) => s === 401), statuses.join()).to.equal(true);
    expect(statuses.slice(9).every((s) => s === 429), statuses.join()).to.equal(true);
    expect(Number(retryAfter)).to.be.within(1, 15 * 60);
    expect(vary, 'the text depends on Accept-Language').to.match(/Accept-Language/);
    // Even the right password is not checked for this login from that address any more …
    expect((await propfind(app, PRINCIPAL, 'max.muster', 'demo', '203.0.113.7')).status).to.equal(429);
    // … but Max's own phone elsewhere, and Sandra in the same office, are not affected.
    expect((await propfind(app, PRINCIPAL, 'max.muster', 'demo', '198.51.100.20')).status).to.equal(207);
    expect((await propfind(app, SANDRA, 'sandra.keller', 'demo', '203.0.113.7')).status).to.equal(207);
  });

  it('a typo followed by the right password goes through and is forgiven', async () => {
    const ANNA = '/dav/principals/anna.beispiel/';
    expect((await propfind(app, ANNA, 'anna.beispiel', 'tippfehler', '192.0.2.44')).status).to.equal(401);
    expect((await propfind(app, ANNA, 'anna.beispiel', 'demo', '192.0.2.44')).status).to.equal(207);
    // Forgiven: the typo no longer counts towards the limit of ten failures.
    for (let i = 0; i < 9; i++) expect((await propfind(app, ANNA, 'anna.beispiel', `t${i}`, '192.0.2.44')).status).to.equal(401);
  });

  it('an unknown login takes about as long as a wrong password (no login discovery by timing)', async () => {
    const time = async (login: string, i: number) => {
      const t0 = performance.now();
      const res = await propfind(app, PRINCIPAL, login, 'nope', `10.9.${i}.1`);
      expect(res.status).to.equal(401);
      return performance.now() - t0;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      unknown.push(await time(`niemand.${i}`, i));
      wrong.push(await time('lisa.admin', 100 + i));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
    // Both run one bcrypt comparison; without the dummy hash the unknown login answered ~30× faster.
    expect(median(unknown) / median(wrong)).to.be.within(1 / 3, 3);
  });

  if (name === 'mysql') {
    it('two server instances on one MariaDB share the counts', async () => {
      const second = knexFactory(db().client.config as Knex.Config);
      const other = hostApp(second);
      try {
        for (let i = 0; i < 6; i++) expect((await propfind(app, PRINCIPAL, 'lisa.admin', `x${i}`, '203.0.113.99')).status).to.equal(401);
        for (let i = 0; i < 3; i++) expect((await propfind(other.app, PRINCIPAL, 'lisa.admin', `y${i}`, '203.0.113.99')).status).to.equal(401);
        // The tenth failure, counted by the other instance, fills the counter both read.
        expect((await propfind(other.app, PRINCIPAL, 'lisa.admin', 'z', '203.0.113.99')).status).to.equal(429);
        expect((await propfind(app, PRINCIPAL, 'lisa.admin', 'demo', '203.0.113.99')).status).to.equal(429);
      } finally {
        await other.plugin.close();
        await second.destroy();
      }
    });
  }
});
