import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory, { type Knex } from 'knex';
import { knexConfig } from '../../src/adapters/knex/knexConfig.ts';
import { migrateStandalone } from '../../src/adapters/knex/migrations/index.ts';
import { CrmSchema } from '../../src/adapters/knex/schema/crmSchema.ts';
import { checkHealth, type DavLogger } from '../../src/adapters/http/observability/index.ts';
import { dav as davName } from '../../src/adapters/http/dav/xml/names.ts';
import { basic, createDavApp, seedDemoData } from '../support/davApp.ts';
import { testDatabaseNames } from '../support/databases.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { startCuttableProxy, type CuttableProxy } from '../support/cuttableProxy.ts';

const MYSQL_SERVER = new URL(process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306');
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
/** Short timeouts so the outage is noticed quickly; 503s must come well within the bound below. */
const TIMEOUTS = { connectMs: 1000, acquireMs: 1500 };
const ANSWER_BOUND_MS = 5000;
const SYNC = (token: string) => `<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>${token}</D:sync-token>` +
  '<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>';

interface Answer { readonly status: number; readonly retryAfter: string | null; readonly body: string; readonly ms: number }

function vcard(uid: string): string {
  return ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `FN:Outage ${uid}`, `N:${uid};Outage;;;`, 'END:VCARD', ''].join('\r\n');
}

/** A logger that records what was logged, to count the outage lines. */
function recordingLogger(lines: { level: string; msg: string }[]): DavLogger {
  const at = (level: string) => (obj: unknown, msg?: string) => {
    if (process.env.OUTAGE_DEBUG) console.log(level, msg, JSON.stringify(obj));
    lines.push({ level, msg: msg ?? '' });
  };
  const logger: DavLogger = { fatal: at('fatal'), error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), trace: at('trace'), child: () => logger } as unknown as DavLogger;
  return logger;
}

if (testDatabaseNames().includes('mysql')) {
  describe('database outage: 503 + Retry-After while MariaDB is cut off, recovery without restart, nothing half-written', function () {
    this.timeout(60_000);
    const dbName = `bsdav_outage_${process.pid}_${Date.now().toString(36)}`;
    const logLines: { level: string; msg: string }[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    let admin: Knex;
    let direct: Knex;
    let proxied: Knex;
    let proxy: CuttableProxy;
    let server: http.Server;
    let closePlugin: () => Promise<void>;
    let origin = '';
    const agent = new http.Agent({ keepAlive: true });

    function send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const req = http.request(`${origin}${path}`, {
          agent, method, headers: { Authorization: basic('max.muster'), ...(body ? { 'Content-Type': 'text/vcard; charset=utf-8' } : {}), ...headers },
        }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: (res.headers['retry-after'] as string | undefined) ?? null, body: text, ms: performance.now() - started }));
        });
        req.on('error', reject);
        req.setTimeout(ANSWER_BOUND_MS * 3, () => req.destroy(new Error(`${method} ${path}: no answer (hang)`)));
        req.end(body);
      });
    }
    const put = (name: string) => send('PUT', `${BOOK}${name}.vcf`, vcard(name), { 'If-None-Match': '*' });
    const propfind = () => send('PROPFIND', BOOK, '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>',
      { Depth: '1', 'Content-Type': 'application/xml' });
    const sync = (token = '') => send('REPORT', BOOK, SYNC(token), { Depth: '0', 'Content-Type': 'application/xml' });
    const stored = async (name: string) => (await direct('dav_objects').where({ name: `${name}.vcf`, deleted: false }).count({ n: '*' }).first() as { n: unknown }).n;

    /** href → etag of everything a full sync lists. */
    async function fullListing(): Promise<{ etags: Map<string, string>; token: string }> {
      const answer = await sync();
      expect(answer.status).to.equal(207);
      const parsed = parseMultistatus(answer.body);
      const etags = new Map(parsed.responses.filter((r) => r.href !== BOOK).map((r) => [r.href, prop(r, davName('getetag'))?.text ?? '']));
      return { etags, token: parsed.syncToken ?? '' };
    }

    before(async () => {
      process.on('unhandledRejection', onUnhandled);
      const serverUrl = `mysql://${MYSQL_SERVER.username ? `${MYSQL_SERVER.username}${MYSQL_SERVER.password ? `:${MYSQL_SERVER.password}` : ''}@` : ''}`;
      admin = knexFactory(knexConfig({ client: 'mysql', url: `${serverUrl}${MYSQL_SERVER.host}/` }));
      await admin.raw(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      direct = knexFactory(knexConfig({ client: 'mysql', url: `${serverUrl}${MYSQL_SERVER.host}/${dbName}` }));
      await migrateStandalone(direct, CrmSchema.reference);
      await seedDemoData(direct);
      proxy = await startCuttableProxy({ host: MYSQL_SERVER.hostname, port: Number(MYSQL_SERVER.port || 3306) });
      proxied = knexFactory({
        ...knexConfig({ client: 'mysql', url: `${serverUrl}${proxy.address}/${dbName}`, timeouts: TIMEOUTS }),
        // knex warns about every broken pooled connection; the outage log line is what is asserted.
        log: { warn: () => undefined, error: () => undefined, debug: () => undefined, deprecate: () => undefined },
      });
      const plugin = await createDavApp(proxied, { logger: recordingLogger(logLines), authCacheTtlMs: 60_000 });
      closePlugin = plugin.close;
      server = http.createServer(plugin.app.callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(async () => {
      process.off('unhandledRejection', onUnhandled);
      agent.destroy();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await closePlugin?.();
      await proxied?.destroy();
      await proxy?.close();
      await direct?.destroy();
      await admin?.raw(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await admin?.destroy();
    });

    it('refuses fast while cut, recovers by itself, keeps every acknowledged write and none of the refused ones', async () => {
      const start = await fullListing();
      const before = ['before-1', 'before-2', 'before-3'];
      for (const name of before) expect((await put(name)).status, name).to.equal(201);

      proxy.cut();
      const refused = ['down-1', 'down-2', 'down-3'];
      const down: Answer[] = [];
      for (const name of refused) down.push(await put(name));
      down.push(await send('DELETE', `${BOOK}before-1.vcf`));
      down.push(await propfind());
      down.push(await sync(start.token));
      down.push(...(await Promise.all(Array.from({ length: 8 }, () => propfind()))));
      for (const answer of down) {
        expect(answer.status, answer.body).to.equal(503);
        expect(Number(answer.retryAfter)).to.be.within(1, 30);
        expect(answer.ms).to.be.below(ANSWER_BOUND_MS);
      }
      expect(down[0]!.body).to.match(/nicht erreichbar/);
      expect((await checkHealth(proxied)).ready).to.equal(false);

      proxy.restore();
      const restored = performance.now();
      let recovered: Answer | undefined;
      while (performance.now() - restored < 10_000) {
        const answer = await propfind();
        if (answer.status === 207) {
          recovered = answer;
          break;
        }
        expect(answer.status).to.equal(503);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(recovered, 'no 207 within 10 s after the database came back').to.not.equal(undefined);
      expect((await checkHealth(proxied)).ready).to.equal(true);

      const after = ['after-1', 'after-2'];
      for (const name of after) expect((await put(name)).status, name).to.equal(201);
      expect((await send('DELETE', `${BOOK}before-2.vcf`)).status).to.equal(204);

      for (const name of [...before.filter((n) => n !== 'before-2'), ...after]) expect(Number(await stored(name)), name).to.equal(1);
      for (const name of [...refused, 'before-2']) expect(Number(await stored(name)), name).to.equal(0);

      // The device's incremental sync from before the outage ends where a fresh full sync ends.
      const changes = parseMultistatus((await sync(start.token)).body);
      const device = new Map(start.etags);
      for (const r of changes.responses) {
        if (r.status === 404) device.delete(r.href);
        else device.set(r.href, prop(r, davName('getetag'))?.text ?? '');
      }
      const final = await fullListing();
      expect([...device.entries()].sort()).to.deep.equal([...final.etags.entries()].sort());
      for (const name of [...before.filter((n) => n !== 'before-2'), ...after]) expect(final.etags.has(`${BOOK}${name}.vcf`), name).to.equal(true);

      const outageLines = logLines.filter((l) => /database unavailable/.test(l.msg));
      expect(outageLines).to.have.length(1);
      expect(logLines.filter((l) => /database available again/.test(l.msg))).to.have.length(1);
      expect(logLines.filter((l) => l.level === 'warn' && /request failed/.test(l.msg))).to.have.length(0);
      expect(unhandled).to.deep.equal([]);
    });

    it('a PUT cut off in the middle is either fully committed or not at all', async () => {
      const names = Array.from({ length: 12 }, (_, i) => `midway-${i}`);
      const answers = Promise.all(names.map((name) => put(name).catch((err: Error) => ({ status: 0, retryAfter: null, body: err.message, ms: 0 }))));
      await new Promise((r) => setTimeout(r, 15));
      proxy.cut();
      const results = await answers;
      proxy.restore();
      for (const [i, answer] of results.entries()) {
        expect([201, 503], `${names[i]}: ${answer.body}`).to.include(answer.status);
      }
      // Wait for the pool to be back, then compare what each answer promised with what is stored.
      const restored = performance.now();
      while ((await propfind()).status !== 207) {
        expect(performance.now() - restored).to.be.below(10_000);
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const [i, name] of names.entries()) {
        const objects = Number(await stored(name));
        const contacts = Number((await direct('contacts').where({ first_name: 'Outage', last_name: name }).count({ n: '*' }).first() as { n: unknown }).n);
        if (results[i]!.status === 201) expect([objects, contacts], name).to.deep.equal([1, 1]);
        // A refused write is absent, unless the commit reached the database just before its answer was cut: then all of it is there.
        else expect(objects === contacts && objects <= 1, `${name}: ${objects} objects, ${contacts} contacts`).to.equal(true);
      }
      expect(unhandled).to.deep.equal([]);
    });
  });
}
