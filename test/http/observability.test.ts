import { migrateStandalone } from '../../src/adapters/knex/migrations/index.ts';
import { CrmSchema } from '../../src/adapters/knex/schema/crmSchema.ts';
import { expect } from 'chai';
import net, { type AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import knexFactory from 'knex';
import { knexConfig } from '../../src/adapters/knex/knexConfig.ts';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData } from '../support/davApp.ts';
import { capturingLogger, type LogLine } from '../support/capturingLogger.ts';

type Line = LogLine;

/** The line is written when the server side of the response has closed, just after the client got it. */
async function lineFor(lines: Line[], requestId: string): Promise<Line> {
  for (let i = 0; i < 1000; i++) {
    const line = lines.find((l) => l.reqId === requestId);
    if (line) return line;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`no log line for request ${requestId}: ${JSON.stringify(lines)}`);
}

async function counterValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => String((v.labels as Record<string, unknown>)[k]) === l));
  return value?.value ?? 0;
}

const CTAG = '<propfind xmlns="DAV:" xmlns:CS="http://calendarserver.org/ns/"><prop><CS:getctag/><sync-token/></prop></propfind>';
const SYNC = '<sync-collection xmlns="DAV:"><sync-token/><sync-level>1</sync-level><prop><getetag/></prop></sync-collection>';
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';

forEachDatabase('Request log and metrics of the plugin', (db) => {
  before(async () => seedDemoData(db()));

  it('writes one line per request with id (also sent back), user, method, path, status, duration, bytes and client family', async () => {
    const { logger, lines } = capturingLogger();
    const { app, close } = await createDavApp(db(), { logger });
    try {
      const res = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: CTAG, headers: { 'User-Agent': 'CalDavSynchronizer/4.6' } });
      expect(res.status).to.equal(207);
      const id = res.headers['x-request-id'] as string;
      expect(id).to.match(/^[0-9a-f-]{36}$/);
      const line = await lineFor(lines, id);
      expect(line).to.include({ user: 'max.muster', method: 'PROPFIND', path: BOOK, status: 207, client: 'outlook-caldav-synchronizer', msg: 'request' });
      expect(line.ms).to.be.a('number');
      expect(line.bytes).to.equal(Buffer.byteLength(res.text));
      expect(JSON.stringify(lines)).to.not.match(/authorization|Basic |demo"/i);
    } finally {
      await close();
    }
  });

  it('keeps a plain request id from the proxy and replaces anything else', async () => {
    const { logger, lines } = capturingLogger();
    const { app, close } = await createDavApp(db(), { logger });
    try {
      const kept = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: CTAG, headers: { 'X-Request-Id': 'proxy-42.abc' } });
      expect(kept.headers['x-request-id']).to.equal('proxy-42.abc');
      const replaced = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: CTAG, headers: { 'X-Request-Id': 'x'.repeat(200) } });
      expect(replaced.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
      await lineFor(lines, 'proxy-42.abc');
    } finally {
      await close();
    }
  });

  it('logs a refused login with its reason and the login, never the password', async () => {
    const { logger, lines } = capturingLogger();
    const { app, close } = await createDavApp(db(), { logger });
    try {
      const res = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: CTAG, headers: { Authorization: `Basic ${Buffer.from('max.muster:Geheim-Falsch-99').toString('base64')}` } });
      expect(res.status).to.equal(401);
      const line = await lineFor(lines, res.headers['x-request-id'] as string);
      expect(line).to.include({ status: 401, user: 'max.muster', authFailure: 'wrong-password', msg: 'request refused' });
      expect(JSON.stringify(lines)).to.not.contain('Geheim-Falsch-99');
    } finally {
      await close();
    }
  });

  it('logs the setup page like a DAV request: the signed-in user, or a refused login with its reason (packed-host check: user was null)', async () => {
    const { logger, lines } = capturingLogger();
    const { app, close } = await createDavApp(db(), { logger });
    try {
      const page = await dav(app, 'GET', '/dav/setup', { as: 'MAX.MUSTER' });
      expect(page.status).to.equal(200);
      expect(await lineFor(lines, page.headers['x-request-id'] as string)).to.include({ user: 'max.muster', status: 200 }).and.not.have.property('authFailure');
      const wrong = await dav(app, 'GET', '/dav/setup', { as: null, headers: { Authorization: `Basic ${Buffer.from('max.muster:Geheim-Falsch-98').toString('base64')}` } });
      expect(wrong.status).to.equal(401);
      expect(await lineFor(lines, wrong.headers['x-request-id'] as string)).to.include({ user: 'max.muster', status: 401, authFailure: 'wrong-password' });
      expect(JSON.stringify(lines)).to.not.contain('Geheim-Falsch-98');
    } finally {
      await close();
    }
  });

  it('logs a refused sync with its reason: mailing module (peter.ohne) and group flag (anna.beispiel, calendar)', async () => {
    const { logger, lines } = capturingLogger();
    const { app, close } = await createDavApp(db(), { logger });
    try {
      const peter = await dav(app, 'PROPFIND', '/dav/addressbooks/peter.ohne/brokerstar/', { as: 'peter.ohne', depth: '0', body: CTAG });
      expect(peter.status).to.equal(403);
      const peterLine = await lineFor(lines, peter.headers['x-request-id'] as string);
      expect(peterLine).to.deep.include({ user: 'peter.ohne', status: 403 });
      expect((peterLine.refusal as { reason: string }).reason).to.equal('mailing-module-disabled');
      const anna = await dav(app, 'PROPFIND', '/dav/calendars/anna.beispiel/brokerstar/', { as: 'anna.beispiel', depth: '0', body: CTAG });
      expect(anna.status).to.equal(403);
      const annaLine = await lineFor(lines, anna.headers['x-request-id'] as string);
      expect((annaLine.refusal as { reason: string }).reason).to.equal('group-flag-off');
      expect((annaLine.refusal as { message: string }).message).to.contain('Assistenz');
    } finally {
      await close();
    }
  });

  it('counts requests by method, report and status, auth failures, refusals, sync-collection sizes and query time in the host registry', async () => {
    const registry = new Registry();
    const { app, close } = await createDavApp(db(), { metricsRegistry: registry });
    try {
      const before = await counterValue(registry, 'brokerstar_dav_requests_total', { method: 'REPORT', report: 'sync-collection', status: '207' });
      const sync = await dav(app, 'REPORT', BOOK, { depth: '1', body: SYNC });
      expect(sync.status).to.equal(207);
      await dav(app, 'REPORT', BOOK, { depth: '1', body: SYNC });
      await dav(app, 'PROPFIND', BOOK, { depth: '0', body: CTAG, as: null });
      await dav(app, 'PROPFIND', '/dav/addressbooks/peter.ohne/brokerstar/', { as: 'peter.ohne', depth: '0', body: CTAG });
      const members = (sync.text.match(/<d:response>/gi) ?? []).length;
      // Counted when the server side of the last response has closed.
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(await counterValue(registry, 'brokerstar_dav_requests_total', { method: 'REPORT', report: 'sync-collection', status: '207' })).to.equal(before + 2);
      expect(await counterValue(registry, 'brokerstar_dav_auth_failures_total', { reason: 'no-credentials' })).to.equal(1);
      expect(await counterValue(registry, 'brokerstar_dav_sync_refusals_total', { reason: 'mailing-module-disabled' })).to.equal(1);
      const text = await registry.metrics();
      expect(text).to.match(/brokerstar_dav_sync_collection_changes_count 2/);
      expect(text).to.contain(`brokerstar_dav_sync_collection_changes_sum ${members * 2}`);
      expect(text).to.match(/brokerstar_dav_request_duration_seconds_count\{method="PROPFIND",report="",status="401"\} 1/);
      expect(text).to.match(/brokerstar_dav_db_query_duration_seconds_count\{outcome="ok"\} [1-9]/);
      expect(text).to.match(/brokerstar_dav_db_pool_connections\{state="used"\}/);
    } finally {
      await close();
    }
  });
});

describe('Metrics registry shared by two mounts', () => {
  it('a second plugin on the same host registry shares the metrics instead of failing', async () => {
    const knex = knexFactory(knexConfig({ client: 'sqlite', filename: ':memory:' }));
    await migrateStandalone(knex, CrmSchema.reference);
    await seedDemoData(knex);
    const registry = new Registry();
    const first = await createDavApp(knex, { metricsRegistry: registry });
    const second = await createDavApp(knex, { metricsRegistry: registry });
    try {
      await dav(first.app, 'PROPFIND', BOOK, { depth: '0', body: CTAG });
      await dav(second.app, 'PROPFIND', BOOK, { depth: '0', body: CTAG });
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(await counterValue(registry, 'brokerstar_dav_requests_total', { method: 'PROPFIND', status: '207' })).to.equal(2);
    } finally {
      await first.close();
      await second.close();
      await knex.destroy();
    }
  });
});

describe('Request log warnings', () => {
  it('logs slow requests as warnings (threshold from the settings)', async () => {
    const knex = knexFactory(knexConfig({ client: 'sqlite', filename: ':memory:' }));
    await migrateStandalone(knex, CrmSchema.reference);
    await seedDemoData(knex);
    const { logger, lines } = capturingLogger();
    const { app, close } = await createDavApp(knex, { logger, slowRequestMs: 0 });
    try {
      const res = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: CTAG });
      const line = await lineFor(lines, res.headers['x-request-id'] as string);
      expect(line).to.include({ level: 40, msg: 'slow request', status: 207 });
    } finally {
      await close();
      await knex.destroy();
    }
  });

  it('a refused login held back on purpose (repeated failures) is logged as refused with its delay, not as a slow request', async () => {
    const knex = knexFactory(knexConfig({ client: 'sqlite', filename: ':memory:' }));
    await migrateStandalone(knex, CrmSchema.reference);
    await seedDemoData(knex);
    const { logger, lines } = capturingLogger();
    // Held back 600 ms against a 500 ms threshold: only the time spent working (bcrypt, one read) counts.
    const loginThrottling = { freeFailures: 0, firstDelayMs: 600, maxDelayMs: 600 };
    const { app, close } = await createDavApp(knex, { logger, slowRequestMs: 500, loginThrottling });
    try {
      const refused = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: CTAG, as: null, headers: { Authorization: `Basic ${Buffer.from('max.muster:wrong').toString('base64')}` } });
      expect(refused.status).to.equal(401);
      const line = await lineFor(lines, refused.headers['x-request-id'] as string);
      expect(line).to.include({ level: 30, msg: 'request refused', authFailure: 'wrong-password', loginDelayMs: 600 });
      expect(line.ms as number).to.be.at.least(600);
    } finally {
      await close();
      await knex.destroy();
    }
    // The same refusal with a threshold below the time spent working is still a slow request.
    const again = knexFactory(knexConfig({ client: 'sqlite', filename: ':memory:' }));
    await migrateStandalone(again, CrmSchema.reference);
    await seedDemoData(again);
    const captured = capturingLogger();
    const strict = await createDavApp(again, { logger: captured.logger, slowRequestMs: 0, loginThrottling: { freeFailures: 0, firstDelayMs: 150, maxDelayMs: 150 } });
    try {
      const refused = await dav(strict.app, 'PROPFIND', BOOK, { depth: '0', body: CTAG, as: null, headers: { Authorization: `Basic ${Buffer.from('max.muster:wrong').toString('base64')}` } });
      const line = await lineFor(captured.lines, refused.headers['x-request-id'] as string);
      expect(line).to.include({ level: 40, msg: 'slow request', loginDelayMs: 150 });
    } finally {
      await strict.close();
      await again.destroy();
    }
  });

  it('a device reading a large answer slowly is not a slow request: the wait is logged as clientWaitMs (Thunderbird over a weak network)', async function () {
    this.timeout(60_000);
    const knex = knexFactory(knexConfig({ client: 'sqlite', filename: ':memory:' }));
    await migrateStandalone(knex, CrmSchema.reference);
    await seedDemoData(knex);
    const owner = Number((await knex('users').where('login', 'max.muster').first('id')).id);
    const note = 'Langer Vermerk '.repeat(150);
    const ids: number[] = [];
    for (let i = 0; i < 4_000; i += 500) {
      const rows = Array.from({ length: 500 }, (_, j) => ({ owner_id: owner, first_name: `Leser${i + j}`, last_name: 'Langsam', notes: note }));
      await knex.batchInsert('contacts', rows, 500);
    }
    ids.push(...(await knex('contacts').where('last_name', 'Langsam').pluck('id')).map(Number));
    const multiget = `<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/></D:prop>${ids.map((id) => `<D:href>${BOOK}brokerstar-contact-${id}.vcf</D:href>`).join('')}</C:addressbook-multiget>`;
    const { logger, lines } = capturingLogger();
    const { app, close } = await createDavApp(knex, { logger, slowRequestMs: 500 });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    /** The multiget over a raw socket; the device starts reading only after `pauseMs`. */
    const fetchSlowly = (pauseMs: number) => new Promise<{ requestId: string; bytes: number }>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', reject);
      socket.on('end', () => {
        const text = Buffer.concat(received).toString('latin1');
        resolve({ requestId: /^x-request-id: (.+)$/im.exec(text)![1]!.trim(), bytes: text.length });
      });
      socket.write(`REPORT ${BOOK} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ${Buffer.from('max.muster:demo').toString('base64')}\r\n` +
        `Depth: 1\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(multiget)}\r\nConnection: close\r\n\r\n${multiget}`);
      if (pauseMs > 0) {
        socket.pause();
        setTimeout(() => socket.resume(), pauseMs);
      }
    });
    try {
      await fetchSlowly(0); // renders and stores every card: later answers are the server's quick path
      const quick = await fetchSlowly(0);
      expect(quick.bytes).to.be.greaterThan(8_000_000);
      const slow = await fetchSlowly(1_200);
      const line = await lineFor(lines, slow.requestId);
      expect(line).to.include({ level: 30, msg: 'request', status: 207 });
      expect(line.ms as number).to.be.at.least(1_000);
      expect(line.clientWaitMs as number).to.be.at.least(800);
      const quickLine = await lineFor(lines, quick.requestId);
      expect((quickLine.clientWaitMs as number | undefined) ?? 0).to.be.below(line.clientWaitMs as number);
    } finally {
      server.close();
      await close();
      await knex.destroy();
    }
  });

  it('logs a failure (500) as a warning with the error, and the client learns nothing about it', async () => {
    const knex = knexFactory(knexConfig({ client: 'sqlite', filename: ':memory:' }));
    await migrateStandalone(knex, CrmSchema.reference);
    await seedDemoData(knex);
    const { logger, lines } = capturingLogger();
    const { app, close } = await createDavApp(knex, { logger });
    try {
      // Warm the password cache, then lose the database under the running plugin.
      expect((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: CTAG })).status).to.equal(207);
      await knex.raw('DROP TABLE dav_objects');
      const res = await dav(app, 'REPORT', BOOK, { depth: '1', body: SYNC });
      expect(res.status).to.equal(500);
      expect(res.text).to.equal('Internal server error.\n');
      const line = await lineFor(lines, res.headers['x-request-id'] as string);
      expect(line).to.include({ level: 40, msg: 'request failed', status: 500, user: 'max.muster' });
      expect((line.err as { message: string }).message).to.match(/dav_objects/);
      // The driver's class and its stack, nothing else of the error (a driver's fields may carry SQL with values).
      expect(line.err).to.include({ type: 'SqliteError' });
      expect((line.err as { stack: string }).stack).to.contain('SqliteError');
      expect(Object.keys(line.err as object).sort()).to.deep.equal(['message', 'stack', 'type']);
    } finally {
      await close();
      await knex.destroy();
    }
  });
});
