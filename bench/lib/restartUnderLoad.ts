/**
 * "Database restart under load": N server instances on one MariaDB database, devices polling,
 * syncing and writing (PUT/DELETE), the web app writing in SQL, and the instances' database
 * connection cut in the middle and restored (through a TCP proxy: the machine's MariaDB keeps
 * running for everybody else). Reports the answers while down, the recovery time and every lost,
 * half-written or duplicated object; a device's final incremental sync must equal a full listing.
 */
import { startCuttableProxy } from '../../test/support/cuttableProxy.ts';
import { prepareLoadDatabase } from './bench.ts';
import * as B from './bodies.ts';
import { DavClient, type Exchange } from './client.ts';
import { MYSQL_SERVER, startServerProcess, type ServerProcess } from './environment.ts';
import { parseMultistatus, propText, syncTokenOf } from './multistatus.ts';
import { pathsOf, type Device } from './scenarios.ts';

export interface RestartOptions {
  readonly instances: number;
  readonly devices: number;
  readonly contacts: number;
  /** Load before the cut, length of the cut, load after the recovery (seconds). */
  readonly beforeSeconds: number;
  readonly downSeconds: number;
  readonly afterSeconds: number;
  readonly log: (line: string) => void;
}

export interface RestartResult {
  readonly mysqlVersion: string;
  readonly instances: number;
  readonly devices: number;
  readonly requests: number;
  /** Answers to requests sent while the connection was cut, by status ("network" for no answer). */
  readonly whileDown: Record<string, number>;
  readonly whileDownMaxMs: number;
  readonly whileDownWithoutRetryAfter: number;
  /** Answers outside the outage other than 2xx/207 (must be none). */
  readonly errorsOutsideOutage: Record<string, number>;
  /** Answers other than 503 with status ≥ 500, or no answer at all, at any time of the run (must be none). */
  readonly serverErrorsAnyTime: number;
  /** Health endpoint of each instance while down (expected 503). */
  readonly healthWhileDown: number[];
  /** Restore → first 2xx answer, per instance, and until every device was served again. */
  readonly recoveryMsPerInstance: number[];
  readonly recoveryMsAllDevices: number;
  readonly writes: { readonly acknowledgedCreates: number; readonly acknowledgedDeletes: number; readonly refusedCreates: number; readonly refusedDeletes: number; readonly webAppWrites: number };
  readonly lostCreates: number;
  readonly lostDeletes: number;
  /**
   * Refused (503) creates found stored, complete (the text as sent, served with the listed ETag): the
   * cut fell between the database's COMMIT and its answer, so the server could not know the write had
   * landed. Possible by design (README "Database outages"); the device's next sync shows it.
   */
  readonly refusedButStoredComplete: number;
  /** Refused creates found stored in any other state (half-written): must be 0. */
  readonly refusedButWritten: number;
  readonly duplicateUids: number;
  readonly webAppChangesMissing: number;
  readonly devicesWhoseSyncDiffers: number;
  readonly outageLogLinesPerInstance: number[];
  /** `brokerstar_dav_storage_unavailable_total` of each instance at the end. */
  readonly refusedCountedPerInstance: number[];
  readonly instancesAlive: number;
  /** The servers' own log lines of failed requests (500), shortened: what went wrong. */
  readonly failureLogLines: string[];
}

export const RESTART_DB = 'bsdav_bench_restart';
const METRICS_TOKEN = 'bench-restart-metrics-token';

async function refusedCounted(origin: string): Promise<number> {
  const text = await fetch(`${origin}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
  return Number(/^brokerstar_dav_storage_unavailable_total (\d+)/m.exec(text)?.[1] ?? NaN);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer { readonly at: number; readonly status: number | 'network'; readonly ms: number; readonly retryAfter: boolean; readonly instance: number; readonly device: number }

export async function runRestartUnderLoad(o: RestartOptions): Promise<RestartResult> {
  const { database, devices, knex: webApp, shared, mysqlVersion } = await prepareLoadDatabase('restart', RESTART_DB, { contacts: o.contacts, events: 100, tasks: 50, devices: o.devices });
  const userIds = new Map((await webApp('users').whereIn('login', devices.map((d) => d.login)).select('id', 'login')).map((u: { id: number; login: string }) => [u.login, Number(u.id)]));

  const target = new URL(MYSQL_SERVER);
  const proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port || 3306) });
  const proxiedUrl = `${target.protocol}//${target.username ? `${target.username}${target.password ? `:${target.password}` : ''}@` : ''}${proxy.address}${database.url.slice(MYSQL_SERVER.length)}`;
  const servers: ServerProcess[] = [];
  const outage = { cutAt: Infinity, restoredAt: Infinity };
  const answers: Answer[] = [];
  try {
    for (let i = 0; i < o.instances; i++) {
      // LOG_LEVEL warn: the outage lines (error) stay in the kept log tail; request lines would push them out.
      servers.push(await startServerProcess(proxiedUrl, { env: { LOG_LEVEL: 'warn', METRICS_TOKEN, DB_CONNECT_TIMEOUT: '1s', DB_ACQUIRE_TIMEOUT: '2s' } }));
    }
    o.log(`MariaDB ${mysqlVersion} through a cuttable proxy: ${o.instances} instances, ${o.devices} devices, ${o.contacts} contacts`);

    const states = devices.map((d, index) => new DeviceState(d, index, servers[index % servers.length]!, index % servers.length));
    for (const s of states) await s.initialSync();

    const started = performance.now();
    const stopAt = started + (o.beforeSeconds + o.downSeconds + o.afterSeconds) * 1000;
    const record = (s: DeviceState, status: number | 'network', ms: number, retryAfter: boolean) =>
      answers.push({ at: performance.now(), status, ms, retryAfter, instance: s.instance, device: s.index });

    // The web app writes through its own connection (not through the proxy): it keeps writing while the instances cannot reach the database.
    const webWrites = { updates: 0, inserts: [] as Array<{ id: number; login: string }> };
    const webAppLoop = (async () => {
      let i = 0;
      while (performance.now() < stopAt) {
        await sleep(250);
        i += 1;
        if (i % 2 === 0) {
          await webApp('contacts').where('id', shared[i % shared.length]!).update({ notes: `web app ${i}`, updated_at: new Date() });
          webWrites.updates += 1;
        } else {
          const owner = devices[i % devices.length]!;
          const [id] = await webApp('contacts').insert({ kind: 'person', first_name: 'Web', last_name: `App ${i}`, owner_id: userIds.get(owner.login), created_at: new Date(), updated_at: new Date() });
          webWrites.inserts.push({ id: Number(id), login: owner.login });
        }
      }
    })();

    const healthWhileDown: number[] = [];
    const outageLoop = (async () => {
      await sleep(o.beforeSeconds * 1000);
      proxy.cut();
      outage.cutAt = performance.now();
      o.log(`database connection cut for ${o.downSeconds} s`);
      await sleep(o.downSeconds * 500);
      healthWhileDown.push(...(await Promise.all(servers.map((srv) => fetch(`${srv.origin}/health`).then((r) => r.status, () => 0)))));
      await sleep(o.downSeconds * 500);
      proxy.restore();
      outage.restoredAt = performance.now();
      o.log('database connection restored');
    })();

    await Promise.all(states.map(async (s) => {
      let i = 0;
      while (performance.now() < stopAt) {
        i += 1;
        const step = i % 6 === 0 ? s.write(i) : s.pollAndSync(i % 5 === 0);
        const outcome = await step;
        record(s, outcome.status, outcome.ms, outcome.retryAfter);
        // A device that gets 503 waits (shorter than Retry-After asks, to measure recovery to the 100 ms).
        await sleep(outcome.status === 503 || outcome.status === 'network' ? 250 : 50);
      }
    }));
    await Promise.all([webAppLoop, outageLoop]);

    // Final sync of every device: the incremental state must equal a fresh full listing.
    let differs = 0;
    let lostCreates = 0;
    let lostDeletes = 0;
    let refusedButWritten = 0;
    let refusedButStoredComplete = 0;
    let webAppChangesMissing = 0;
    for (const s of states) {
      await s.sync();
      const listing = await s.fullListing();
      if (!sameEntries(s.model, listing)) differs += 1;
      for (const name of s.created) if (!listing.has(s.href(name))) lostCreates += 1;
      for (const name of s.deleted) if (listing.has(s.href(name))) lostDeletes += 1;
      for (const [name, sent] of s.refusedCreates) {
        if (!listing.has(s.href(name))) continue;
        const stored = await s.client.request('GET', s.href(name));
        if (stored.status === 200 && stored.text === sent && stored.headers.etag === listing.get(s.href(name))) refusedButStoredComplete += 1;
        else refusedButWritten += 1;
      }
      for (const insert of webWrites.inserts.filter((w) => w.login === s.device.login)) {
        if (!listing.has(s.href(`brokerstar-contact-${insert.id}.vcf`))) webAppChangesMissing += 1;
      }
      s.close();
    }
    const duplicates = await webApp('dav_objects').where({ deleted: false }).groupBy('kind', 'uid').havingRaw('count(*) > 1').select('uid');

    const down = answers.filter((a) => a.at - a.ms >= outage.cutAt && a.at <= outage.restoredAt);
    // Outside the outage: finished before the cut, or sent more than 10 s after the restore.
    const outside = answers.filter((a) => a.at < outage.cutAt || a.at - a.ms > outage.restoredAt + 10_000);
    const countBy = (list: Answer[]) => list.reduce<Record<string, number>>((acc, a) => ({ ...acc, [String(a.status)]: (acc[String(a.status)] ?? 0) + 1 }), {});
    const okAfter = (filter: (a: Answer) => boolean) => answers.filter((a) => a.at > outage.restoredAt && typeof a.status === 'number' && a.status < 300 && filter(a));
    const recoveryPerInstance = servers.map((_, i) => Math.round((okAfter((a) => a.instance === i)[0]?.at ?? NaN) - outage.restoredAt));
    const recoveryAll = Math.max(...states.map((s) => (okAfter((a) => a.device === s.index)[0]?.at ?? NaN) - outage.restoredAt));
    const errorsOutside = countBy(outside.filter((a) => a.status === 'network' || a.status >= 300));
    return {
      mysqlVersion,
      instances: o.instances,
      devices: o.devices,
      requests: answers.length,
      whileDown: countBy(down),
      whileDownMaxMs: Math.round(Math.max(0, ...down.map((a) => a.ms))),
      whileDownWithoutRetryAfter: down.filter((a) => a.status === 503 && !a.retryAfter).length,
      errorsOutsideOutage: errorsOutside,
      serverErrorsAnyTime: answers.filter((a) => a.status === 'network' || (a.status >= 500 && a.status !== 503)).length,
      healthWhileDown,
      recoveryMsPerInstance: recoveryPerInstance,
      recoveryMsAllDevices: Math.round(recoveryAll),
      writes: {
        acknowledgedCreates: states.reduce((n, s) => n + s.created.size + s.deleted.size, 0),
        acknowledgedDeletes: states.reduce((n, s) => n + s.deleted.size, 0),
        refusedCreates: states.reduce((n, s) => n + s.refusedCreates.size, 0),
        refusedDeletes: states.reduce((n, s) => n + s.refusedDeletes, 0),
        webAppWrites: webWrites.updates + webWrites.inserts.length,
      },
      lostCreates,
      lostDeletes,
      refusedButWritten,
      refusedButStoredComplete,
      duplicateUids: duplicates.length,
      webAppChangesMissing,
      devicesWhoseSyncDiffers: differs,
      outageLogLinesPerInstance: servers.map((srv) => (srv.log().match(/"msg":"database unavailable/g) ?? []).length),
      refusedCountedPerInstance: await Promise.all(servers.map((srv) => refusedCounted(srv.origin))),
      instancesAlive: servers.filter((srv) => isRunning(srv.pid)).length,
      failureLogLines: servers.flatMap((srv) => srv.log().split('\n').filter((l) => l.includes('"msg":"request failed"')).map((l) => l.slice(0, 600))).slice(0, 5),
    };
  } finally {
    await Promise.all(servers.map((srv) => srv.stop()));
    await proxy.close();
    await database.drop();
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** One device: its client on one instance, its synced model (href → ETag) and what it wrote. */
class DeviceState {
  readonly client: DavClient;
  readonly book: string;
  readonly model = new Map<string, string>();
  /** Names whose create (201) or delete (204) was acknowledged and not undone since. */
  readonly created = new Set<string>();
  readonly deleted = new Set<string>();
  /** Names whose create was refused with 503, with the text sent. */
  readonly refusedCreates = new Map<string, string>();
  refusedDeletes = 0;
  private token = '';
  private ctag = '';

  constructor(readonly device: Device, readonly index: number, server: ServerProcess, readonly instance: number) {
    this.client = new DavClient(server.origin, device.login, device.password, B.UA.davx5, 1, 30_000);
    this.book = pathsOf(device.login).addressbook;
  }

  href(name: string): string {
    return `${this.book}${name}`;
  }

  async initialSync(): Promise<void> {
    const e = await this.client.expect(207, 'REPORT', this.book, { depth: '0', body: B.davx5Sync('') });
    this.apply(e.text);
  }

  /** Incremental sync with the last token (must succeed: used at the end). */
  async sync(): Promise<void> {
    const e = await this.client.expect(207, 'REPORT', this.book, { depth: '0', body: B.davx5Sync(this.token) });
    this.apply(e.text);
  }

  async fullListing(): Promise<Map<string, string>> {
    const e = await this.client.expect(207, 'PROPFIND', this.book, { depth: '1', body: '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>' });
    const hrefs = parseMultistatus(e.text).filter((r) => r.href !== this.book);
    if (new Set(hrefs.map((r) => r.href)).size !== hrefs.length) throw new Error(`${this.device.login}: duplicate href in the listing`);
    return new Map(hrefs.map((r) => [r.href, r.etag ?? '']));
  }

  private apply(text: string): void {
    for (const r of parseMultistatus(text)) {
      if (r.href === this.book) continue;
      if (r.status === 404) this.model.delete(r.href);
      else if (r.etag) this.model.set(r.href, r.etag);
    }
    this.token = syncTokenOf(text) ?? this.token;
  }

  async pollAndSync(always: boolean): Promise<{ status: number | 'network'; ms: number; retryAfter: boolean }> {
    return this.attempt(async () => {
      const poll = await this.client.request('PROPFIND', this.book, { depth: '0', body: B.POLL });
      if (poll.status !== 207) return poll;
      const ctag = propText(poll.text, 'getctag') ?? '';
      if (ctag === this.ctag && !always) return poll;
      const sync = await this.client.request('REPORT', this.book, { depth: '0', body: B.davx5Sync(this.token) });
      if (sync.status === 207) {
        this.apply(sync.text);
        this.ctag = ctag;
      }
      return sync;
    });
  }

  /** Creates a contact, or deletes the oldest one it created (alternately). */
  async write(i: number): Promise<{ status: number | 'network'; ms: number; retryAfter: boolean }> {
    const oldest = this.created.values().next().value as string | undefined;
    if (i % 12 === 0 && oldest) {
      return this.attempt(async () => {
        const e = await this.client.request('DELETE', this.href(oldest));
        if (e.status === 204) {
          this.created.delete(oldest);
          this.deleted.add(oldest);
        } else if (e.status === 503) {
          this.refusedDeletes += 1;
        }
        return e;
      });
    }
    const name = `${this.device.login}-${i}.vcf`;
    return this.attempt(async () => {
      const body = B.newVCard(`${this.device.login}-${i}`, i);
      const e = await this.client.request('PUT', this.href(name), { body, contentType: 'text/vcard; charset=utf-8', headers: { 'If-None-Match': '*' } });
      if (e.status === 201) this.created.add(name);
      else if (e.status === 503) this.refusedCreates.set(name, body);
      return e;
    });
  }

  private async attempt(work: () => Promise<Exchange>): Promise<{ status: number | 'network'; ms: number; retryAfter: boolean }> {
    const started = performance.now();
    try {
      const e = await work();
      return { status: e.status, ms: performance.now() - started, retryAfter: e.headers['retry-after'] !== undefined };
    } catch {
      return { status: 'network', ms: performance.now() - started, retryAfter: false };
    }
  }

  close(): void {
    this.client.close();
  }
}
