import { expect } from 'chai';
import Koa from 'koa';
import knexFactory from 'knex';
import request from 'supertest';
import { knexConfig } from '../../src/adapters/knex/knexConfig.ts';
import { healthEndpoint } from '../../src/index.ts';
import { forEachDatabase } from '../support/databases.ts';

function hostWithHealth(knex: knexFactory.Knex): Koa {
  const app = new Koa();
  app.use(healthEndpoint(knex));
  app.use((ctx) => {
    ctx.body = 'host';
  });
  return app;
}

forEachDatabase('Health endpoint for the host', (db) => {
  it('answers readiness with one SELECT 1 and reveals no counts', async () => {
    const queries: string[] = [];
    const listener = (q: { sql: string }) => queries.push(q.sql);
    db().on('query', listener);
    try {
      const res = await request(hostWithHealth(db()).callback()).get('/health');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'ok', live: true, ready: true, database: { reachable: true } });
      expect(queries).to.deep.equal(['SELECT 1']);
    } finally {
      db().removeListener('query', listener);
    }
  });

  it('leaves other paths to the host', async () => {
    const res = await request(hostWithHealth(db()).callback()).get('/healthy');
    expect(res.text).to.equal('host');
  });
});

describe('Health endpoint without a database', () => {
  it('stays live but not ready (503) when the database does not answer', async () => {
    const quiet = () => {};
    const knex = knexFactory({ ...knexConfig({ client: 'mysql', url: 'mysql://nobody@127.0.0.1:1/none' }), log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
    try {
      const app = hostWithHealth(knex);
      const ready = await request(app.callback()).get('/health');
      expect(ready.status).to.equal(503);
      expect(ready.body).to.deep.include({ status: 'unavailable', live: true, ready: false });
      expect(ready.body.database.reachable).to.equal(false);
      const live = await request(app.callback()).get('/health/live');
      expect(live.status).to.equal(200);
    } finally {
      await knex.destroy();
    }
  });
});
