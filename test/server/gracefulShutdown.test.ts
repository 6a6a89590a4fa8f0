import { migrateStandalone } from '../../src/adapters/knex/migrations/index.ts';
import { CrmSchema } from '../../src/adapters/knex/schema/crmSchema.ts';
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { knexConfig } from '../../src/adapters/knex/knexConfig.ts';
import { seedDemoData, basic } from '../support/davApp.ts';
import { cli } from '../cli/cliHarness.ts';

/** Large enough that the answer (~10 MB) cannot sit in the loopback socket buffers when the signal comes. */
const CONTACTS = 15_000;
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';

function request(origin: string, method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${path}`, {
      // A fresh connection per request (Node 20's global agent keeps connections alive).
      agent: false, method, headers: { Authorization: basic('max.muster'), 'Content-Type': 'application/xml; charset=utf-8', ...headers },
    }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

async function text(res: http.IncomingMessage): Promise<string> {
  let data = '';
  res.setEncoding('utf8');
  for await (const chunk of res) data += chunk as string;
  return data;
}

describe('graceful shutdown (server in its own process)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'bsdav-shutdown-'));
  const databaseUrl = `sqlite:${join(dir, 'dav.sqlite')}`;
  let child: ChildProcess;
  let log = '';
  let origin = '';

  before(async () => {
    const knex = knexFactory(knexConfig({ client: 'sqlite', filename: join(dir, 'dav.sqlite') }));
    await migrateStandalone(knex, CrmSchema.reference);
    await seedDemoData(knex);
    const seeded = await cli(knex, 'seed', '--contacts', String(CONTACTS), '--events', '0', '--tasks', '0', '--user', 'max.muster');
    expect(seeded.code, seeded.err).to.equal(0);
    await knex.destroy();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', SHUTDOWN_GRACE: '60s' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    origin = await new Promise<string>((resolve, reject) => {
      const onData = () => {
        const m = /listening on (http:\/\/\S+)/.exec(log);
        if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
    });
  });

  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM during a large multiget lets the answer finish, then closes the database and logs "stopped"', async () => {
    const listing = await text(await request(origin, 'PROPFIND', BOOK, '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>', { Depth: '1' }));
    const hrefs = [...listing.matchAll(/<d:href>([^<]+\.vcf)<\/d:href>/gi)].map((m) => m[1]!);
    expect(hrefs.length).to.be.at.least(CONTACTS);
    const multiget = `<?xml version="1.0"?><C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/></D:prop>${hrefs.map((h) => `<D:href>${h}</D:href>`).join('')}</C:addressbook-multiget>`;

    const res = await request(origin, 'REPORT', BOOK, multiget, { Depth: '1' });
    expect(res.statusCode).to.equal(207);
    // Take the first chunk, then stop reading: the server is blocked mid-answer on a full socket.
    const first = await new Promise<string>((resolve) => res.once('data', (c: Buffer) => { res.pause(); resolve(c.toString('utf8')); }));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      const check = () => (log.includes('shutting down') ? resolve() : setTimeout(check, 20));
      check();
    });
    res.resume();
    expect(log, 'the multiget was still being answered when the signal came').to.not.match(/"report":"addressbook-multiget"[^\n]*"msg":"request"[^\n]*\n[^\n]*shutting down/);
    const body = first + (await text(res));
    expect(body.trimEnd()).to.match(/<\/d:multistatus>$/i);
    expect((body.match(/BEGIN:VCARD/g) ?? []).length).to.equal(hrefs.length);
    expect(await exited).to.equal(0);
    expect(log).to.match(/"msg":"stopped"/);
    expect(log.indexOf('"msg":"stopped"')).to.be.greaterThan(log.indexOf('shutting down'));
  });
});

describe('npm start and signals', function () {
  this.timeout(60_000);

  it('kill -TERM of the npm process stops the server gracefully (npm start runs it without a swallowing shell)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bsdav-npmstart-'));
    const child = spawn('npm', ['start', '--silent'], {
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: `sqlite:${join(dir, 'dav.sqlite')}`, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', () => {
          const m = /listening on (http:\/\/\S+)/.exec(log);
          if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
        });
        child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${log}`)));
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM'); // the npm process, as `kill -TERM <npm pid>` does
      expect(await exited).to.equal(0);
      expect(log).to.contain('"msg":"stopped"');
      const gone = await fetch(`${origin}/health`).then(() => false, () => true);
      expect(gone, 'nothing listens any more').to.equal(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
