import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/default.ts';
import pino from 'pino';
import { startServer, type RunningServer } from '../../src/main.ts';

describe('startServer (embedded SQLite)', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'bsdav-start-'));
  let server: RunningServer | undefined;
  const log: string[] = [];

  before(async () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'dav.sqlite')}`, HOST: '127.0.0.1', PORT: '0' });
    server = await startServer(config, { log: (l) => log.push(l), logger: pino({ level: 'silent' }) });
  });

  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database, loads the demo data and prints URL, database and demo logins', () => {
    expect(server?.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const text = log.join('\n');
    expect(text).to.contain(`listening on ${server?.url}`);
    expect(text).to.contain('Database: SQLite');
    expect(text).to.match(/max\.muster\s+demo\s+Berater\s+TEAM\s+contacts, calendar, tasks/);
    expect(text).to.match(/anna\.beispiel\s+demo\s+Assistenz\s+OWN\s+contacts, tasks/);
    expect(text).to.match(/peter\.ohne\s+demo\s+Berater\s+OWN\s+nothing \(mailing module off\)/);
  });

  it('GET /health answers liveness and readiness without login and without any counts', async () => {
    const res = await fetch(`${server?.url}/health`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok', live: true, ready: true, database: { reachable: true } });
    const live = await fetch(`${server?.url}/health/live`);
    expect(live.status).to.equal(200);
  });

  it('serves no /metrics without METRICS_TOKEN', async () => {
    const res = await fetch(`${server?.url}/metrics`, { headers: { Authorization: 'Bearer anything-at-all-here' } });
    expect(res.status).to.not.equal(200);
  });

  it('GET / serves the host page, not the DAV plugin', async () => {
    const res = await fetch(`${server?.url}/`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/html');
    const html = await res.text();
    expect(html).to.contain('BrokerStar DAV');
    expect(html).to.contain('max.muster');
    expect(html).to.contain('Benutzername: Ihr BrokerStar Loginname');
    const english = await (await fetch(`${server?.url}/`, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } })).text();
    expect(english).to.contain('User name: your BrokerStar login name').and.contain('<html lang="en">');
  });
});

describe('startServer with METRICS_TOKEN', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'bsdav-metrics-'));
  const token = 'metrics-0123456789abcdef';
  let server: RunningServer | undefined;

  before(async () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'dav.sqlite')}`, HOST: '127.0.0.1', PORT: '0', METRICS_TOKEN: token });
    server = await startServer(config, { log: () => {}, logger: pino({ level: 'silent' }) });
  });

  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /metrics only to the bearer token (401 otherwise) and counts DAV requests and process metrics', async () => {
    expect((await fetch(`${server?.url}/metrics`)).status).to.equal(401);
    expect((await fetch(`${server?.url}/metrics`, { headers: { Authorization: `Bearer ${token}x` } })).status).to.equal(401);
    const poll = await fetch(`${server?.url}/dav/`, { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Basic ${Buffer.from('max.muster:demo').toString('base64')}` } });
    expect(poll.status).to.equal(207);
    await poll.text();
    const res = await fetch(`${server?.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).to.equal(200);
    const text = await res.text();
    expect(text).to.match(/brokerstar_dav_requests_total\{method="PROPFIND",report="",status="207"\} 1/);
    expect(text).to.contain('process_cpu_user_seconds_total');
  });
});
