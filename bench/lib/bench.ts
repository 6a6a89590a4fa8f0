/**
 * One benchmark run: for each database and size, a fresh database set up with the operator CLI,
 * the server started as its own process, and every scenario driven over HTTP.
 */
import os from 'node:os';
import knexFactory, { type Knex } from 'knex';
import { databaseFromUrl } from '../../config/default.ts';
import { knexConfig } from '../../src/adapters/knex/knexConfig.ts';
import { SystemClock } from '../../src/adapters/system/SystemClock.ts';
import { runCli } from '../../src/cli/runCli.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase, runCliProcess, startServerProcess, TMP, type BenchDatabase, type DbName, type ServerProcess } from './environment.ts';
import * as S from './scenarios.ts';
import type { LoadResult, ScenarioResult, Target } from './scenarios.ts';
import { round } from './stats.ts';

export interface BenchOptions {
  readonly databases: readonly DbName[];
  readonly sizes: readonly number[];
  readonly events: number;
  readonly tasks: number;
  readonly mode: 'full' | 'quick' | 'smoke';
  /** Device counts of the load scenario, and its duration. */
  readonly loadDevices: readonly number[];
  readonly loadSeconds: number;
  /** The size at which the load scenario runs (device users are created there). */
  readonly loadSize: number | null;
  /** Write a V8 CPU profile of the server into this directory (one per server process). */
  readonly cpuProfDir?: string;
  /** Only these scenario groups (discovery, poll, fullsync, incremental, calendar, write, load). */
  readonly only?: readonly string[];
  readonly log: (line: string) => void;
}

export interface SizeResult {
  readonly contacts: number;
  readonly events: number;
  readonly tasks: number;
  readonly setup: Record<string, number | string>;
  readonly scenarios: ScenarioResult[];
  readonly load: LoadResult[];
  readonly memory: { readonly peakRssMbDuringInitialSync: number; readonly vmHwmMbAfterInitialSync: number; readonly vmHwmMbAfterOutlookSync: number; readonly vmHwmMbAtEnd: number };
  readonly failures: string[];
}

export interface DbResult {
  readonly db: DbName;
  readonly dbVersion: string;
  readonly sizes: SizeResult[];
}

export const PASSWORD = 'Bench-Passw0rd';
export const BENCH_GROUP = 'Bench';
export const BENCH_USER = 'bench.user';

/**
 * The bench's operator set-up on a fresh database with the CLI: its group (every sync and write
 * right), its user (scope ALL) and `contacts` seeded contacts (no appointments or tasks). `run`:
 * the CLI of the checkout under test (`runCliProcess` of its own environment module).
 */
export async function setUpContactsOnly(run: typeof runCliProcess, url: string, contacts: number): Promise<void> {
  await run(url, ['group', 'create', BENCH_GROUP, '--sync-contacts', '--sync-calendar', '--sync-tasks', '--may-edit-contacts', '--may-delete-contacts']);
  await run(url, ['user', 'create', BENCH_USER, '--password', PASSWORD, '--group', BENCH_GROUP, '--name', 'Bench User', '--scope', 'ALL']);
  await run(url, ['seed', '--contacts', String(contacts), '--events', '0', '--tasks', '0', '--user', BENCH_USER]);
}

interface Reps {
  poll: number; cpu: number; discovery: number; outlook: number; davx5: number; thunderbird: number;
  incremental: number; calendar: number; write: number;
}

function reps(mode: BenchOptions['mode'], contacts: number): Reps {
  const big = contacts >= 50_000;
  const mid = contacts >= 5_000;
  if (mode === 'smoke') return { poll: 10, cpu: 20, discovery: 1, outlook: 1, davx5: 1, thunderbird: 1, incremental: 2, calendar: 2, write: 2 };
  if (mode === 'quick') return { poll: 50, cpu: 300, discovery: 3, outlook: big ? 1 : 2, davx5: 1, thunderbird: 1, incremental: 5, calendar: 5, write: 5 };
  return { poll: 200, cpu: 2000, discovery: 10, outlook: big ? 2 : mid ? 5 : 10, davx5: big ? 1 : mid ? 2 : 5, thunderbird: big ? 1 : mid ? 3 : 5, incremental: 10, calendar: 20, write: 20 };
}

async function dbVersion(knex: Knex, db: DbName): Promise<string> {
  if (db === 'sqlite') {
    const row = (await knex.raw('select sqlite_version() as v')) as Array<{ v: string }>;
    return `SQLite ${row[0]!.v} (better-sqlite3)`;
  }
  const [rows] = (await knex.raw('select version() as v')) as [Array<{ v: string }>];
  return `MariaDB/MySQL ${rows[0]!.v}`;
}

export async function runBench(options: BenchOptions): Promise<DbResult[]> {
  const results: DbResult[] = [];
  for (const db of options.databases) {
    const sizes: SizeResult[] = [];
    let version = '';
    for (const contacts of options.sizes) {
      const r = await runSize(db, contacts, options, (v) => (version = v));
      sizes.push(r);
    }
    results.push({ db, dbVersion: version, sizes });
  }
  return results;
}

const wants = (o: BenchOptions, group: string) => !o.only || o.only.includes(group);

async function runSize(db: DbName, contacts: number, o: BenchOptions, setVersion: (v: string) => void): Promise<SizeResult> {
  const log = (line: string) => o.log(`[${db} ${contacts}] ${line}`);
  const setup: Record<string, number | string> = {};
  const scenarios: ScenarioResult[] = [];
  const loadResults: LoadResult[] = [];
  const failures: string[] = [];
  const memory = { peakRssMbDuringInitialSync: 0, vmHwmMbAfterInitialSync: 0, vmHwmMbAfterOutlookSync: 0, vmHwmMbAtEnd: 0 };
  const database = await freshDatabase(db, String(contacts));
  let server: ServerProcess | undefined;
  try {
    // --- Operator set-up, exactly as documented in README "Benchmark". ---
    let t0 = performance.now();
    await runCliProcess(database.url, ['group', 'create', BENCH_GROUP, '--sync-contacts', '--sync-calendar', '--sync-tasks', '--may-edit-contacts', '--may-delete-contacts']);
    await runCliProcess(database.url, ['user', 'create', BENCH_USER, '--password', PASSWORD, '--group', BENCH_GROUP, '--name', 'Bench User', '--email', 'bench.user@example.ch', '--scope', 'ALL']);
    setup.cliGroupAndUserSeconds = round((performance.now() - t0) / 1000);
    t0 = performance.now();
    const seeded = await runCliProcess(database.url, ['seed', '--contacts', String(contacts), '--events', String(o.events), '--tasks', String(o.tasks), '--user', BENCH_USER]);
    setup.seedSeconds = round((performance.now() - t0) / 1000);
    setup.seedOutput = seeded.stdout.split('\n')[0] ?? '';
    log(`seeded in ${setup.seedSeconds} s: ${setup.seedOutput}`);
    const knex = database.knex();
    setVersion(await dbVersion(knex, db));
    const count = async (table: string) => Number(((await knex(table).count({ n: '*' }).first()) as { n: unknown }).n);
    const visible = await count('contacts');
    if (visible !== contacts) throw new Error(`seed wrote ${visible} contacts, expected ${contacts}`);

    const loadHere = wants(o, 'load') && o.loadSize === contacts && o.loadDevices.length > 0;
    const maxDevices = loadHere ? Math.max(...o.loadDevices) : 0;
    const devices: S.Device[] = [];
    let shared: number[] = [];
    if (loadHere) {
      t0 = performance.now();
      devices.push(...(await createDevices(database.url, maxDevices)));
      shared = await shareContacts(knex, devices);
      setup.deviceUsers = devices.length;
      setup.deviceSetupSeconds = round((performance.now() - t0) / 1000);
      log(`${devices.length} device users with ${shared.length} common + 30 own shared contacts each in ${setup.deviceSetupSeconds} s`);
    }

    // --- The server, as its own process. ---
    server = await startServerProcess(database.url, o.cpuProfDir ? { cpuProfDir: o.cpuProfDir } : {});
    setup.serverStartSeconds = round(server.startMs / 1000);
    setup.loadAverageAtStart = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    setup.serverRssMbAfterStart = round(server.memory().rssMb);
    log(`server pid ${server.pid} at ${server.origin} (${setup.serverStartSeconds} s)`);
    const t: Target = { origin: server.origin, login: BENCH_USER, password: PASSWORD, knex, dbName: db, log, serverCpuSeconds: () => server!.cpuSeconds() };
    const n = reps(o.mode, contacts);
    const run = async <R>(group: string, label: string, fn: () => Promise<R>): Promise<R | undefined> => {
      if (!wants(o, group)) return undefined;
      const started = performance.now();
      try {
        const r = await fn();
        log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return r;
      } catch (err) {
        const message = `${label}: ${(err as Error).message}`;
        failures.push(message);
        log(`FAILED ${message}`);
        return undefined;
      }
    };
    const push = (r: ScenarioResult | ScenarioResult[] | undefined) => {
      if (r) scenarios.push(...(Array.isArray(r) ? r : [r]));
    };

    push(await run('discovery', 'discovery', () => S.discovery(t, n.discovery)));
    push(await run('poll', 'first poll', () => S.firstPoll(t)));
    const polls = await run('poll', 'unchanged poll', () => S.unchangedPoll(t, n.poll));
    if (polls) push([polls.perRequest, polls.perRound]);

    if (wants(o, 'fullsync')) {
      const stopSampling = server.sampleRss(50);
      push(await run('fullsync', 'cold full sync', () => S.fullSync(t, 'outlook', 1, contacts, ' — first ever (renders every vCard; cold)')));
      push(await run('fullsync', 'outlook full sync', () => S.fullSync(t, 'outlook', n.outlook, contacts)));
      memory.vmHwmMbAfterOutlookSync = round(server.memory().hwmMb);
      push(await run('fullsync', 'davx5 full sync', () => S.fullSync(t, 'davx5', n.davx5, contacts)));
      push(await run('fullsync', 'thunderbird full sync', () => S.fullSync(t, 'thunderbird', n.thunderbird, contacts)));
      memory.peakRssMbDuringInitialSync = round(stopSampling());
      memory.vmHwmMbAfterInitialSync = round(server.memory().hwmMb);
      log(`memory: VmHWM after Outlook sync ${memory.vmHwmMbAfterOutlookSync} MB, after all initial syncs ${memory.vmHwmMbAfterInitialSync} MB`);
    }

    // After the full syncs: every card is rendered, as on a server in use.
    push(await run('poll', 'server CPU per request', () => S.serverCpuPerRequest(t, n.cpu)));

    push(await run('incremental', 'incremental (SQL)', () => S.incrementalAfterSql(t, n.incremental, 0)));
    const viaPut = await run('incremental', 'incremental (PUT)', () => S.incrementalAfterPut(t, n.incremental, n.incremental * 12 + 5));
    if (viaPut) push([viaPut.sync, viaPut.put, viaPut.del]);

    if (wants(o, 'calendar')) {
      const today = new Date();
      today.setUTCHours(0, 0, 0, 0);
      const day = 86_400_000;
      push(await run('calendar', 'calendar-query cold', () => S.calendarQuery(t, 'next 30 days — first ever (cold)', today, new Date(today.getTime() + 30 * day), 1, 0)));
      push(await run('calendar', 'calendar-query 30 days', () => S.calendarQuery(t, 'next 30 days', today, new Date(today.getTime() + 30 * day), n.calendar, 2)));
      push(await run('calendar', 'calendar-query outlook window', () => S.calendarQuery(t, 'Outlook window −60…+366 days', new Date(today.getTime() - 60 * day), new Date(today.getTime() + 366 * day), Math.max(2, Math.ceil(n.calendar / 4)), 1)));
    }

    push(await run('write', 'PUT/DELETE latency', () => S.writeLatency(t, n.write)));

    if (loadHere) {
      for (const count of o.loadDevices) {
        const r = await run('load', `load ${count} devices`, () => S.load(t, devices.slice(0, count), o.loadSeconds, shared));
        if (r) {
          loadResults.push(r);
          log(`  ${r.requestsPerSecond} req/s, p50 ${r.p50Ms} p95 ${r.p95Ms} p99 ${r.p99Ms} ms, ${r.errors} errors, ${r.syncs} syncs; server CPU ${r.serverCpuSeconds} s (${r.serverCpuMsPerRequest} ms/request), bench client CPU ${r.benchClientCpuSeconds} s`);
          if (r.errors > 0) failures.push(`load ${count}: ${r.errors} errors (first: ${r.firstError})`);
        }
      }
    }
    memory.vmHwmMbAtEnd = round(server.memory().hwmMb);
    // Other work on the machine (tests, builds of other engineers) distorts the numbers: record it.
    setup.loadAverageAtEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  } finally {
    await server?.stop();
    if (server) writeFileSync(join(TMP, `server-${db}-${contacts}.log`), server.log());
    await database.drop();
  }
  return { contacts, events: o.events, tasks: o.tasks, setup, scenarios, load: loadResults, memory, failures };
}

/**
 * The device users of the load scenario, created with the operator CLI's `user create` (scope OWN).
 * For 200 users one process per command would cost ~2 s each (tsx start-up), so the CLI's own
 * entry `runCli` is called in-process with the same arguments and the same database URL; the
 * main group, user and seed go through separate `tsx src/cli/main.ts` processes.
 */
export async function createDevices(databaseUrl: string, count: number): Promise<S.Device[]> {
  const devices = Array.from({ length: count }, (_, i) => ({ login: `bench.dev${String(i + 1).padStart(3, '0')}`, password: `${PASSWORD}-${i + 1}` }));
  const knex = knexFactory(knexConfig(databaseFromUrl(databaseUrl)));
  const errors: string[] = [];
  try {
    const ctx = { db: async () => knex, out: () => undefined, err: (line: string) => errors.push(line), clock: new SystemClock() };
    for (const d of devices) {
      const code = await runCli(['user', 'create', d.login, '--password', d.password, '--group', BENCH_GROUP, '--scope', 'OWN'], ctx);
      if (code !== 0) throw new Error(`cli user create ${d.login} failed: ${errors.join(' ')}`);
    }
  } finally {
    await knex.destroy();
  }
  return devices;
}

/** What the multi-instance load runs (scale-out, restart under load) start from on MariaDB. */
export interface LoadDatabase {
  readonly database: BenchDatabase;
  readonly devices: S.Device[];
  /** A connection of the bench's own, as BrokerStar's web application would have. */
  readonly knex: Knex;
  /** The contacts shared with every device. */
  readonly shared: number[];
  readonly mysqlVersion: string;
}

/**
 * A fresh MariaDB database with the bench group, the main user `bench.user` (scope ALL) and its seeded
 * data, plus `devices` device users with shared contacts.
 */
export async function prepareLoadDatabase(label: string, mysqlDb: string, o: { contacts: number; events: number; tasks: number; devices: number }): Promise<LoadDatabase> {
  const database = await freshDatabase('mysql', label, mysqlDb);
  await runCliProcess(database.url, ['group', 'create', BENCH_GROUP, '--sync-contacts', '--sync-calendar', '--sync-tasks', '--may-edit-contacts', '--may-delete-contacts']);
  await runCliProcess(database.url, ['user', 'create', 'bench.user', '--password', PASSWORD, '--group', BENCH_GROUP, '--scope', 'ALL']);
  await runCliProcess(database.url, ['seed', '--contacts', String(o.contacts), '--events', String(o.events), '--tasks', String(o.tasks), '--user', 'bench.user']);
  const devices = await createDevices(database.url, o.devices);
  const knex = database.knex();
  const shared = await shareContacts(knex, devices);
  const mysqlVersion = String(((await knex.raw('SELECT VERSION() AS v')) as [Array<{ v: string }>])[0][0]!.v);
  return { database, devices, knex, shared, mysqlVersion };
}

/**
 * Gives each device some contacts the way BrokerStar does (rows in `contact_shares`): 20 contacts
 * shared with every device (the load writer edits those) plus 30 of its own.
 */
export async function shareContacts(knex: Knex, devices: readonly S.Device[]): Promise<number[]> {
  const ids: number[] = (await knex('contacts').orderBy('id').limit(20 + devices.length * 30).pluck('id')).map(Number);
  const common = ids.slice(0, 20);
  const users: Array<{ id: number; login: string }> = await knex('users').whereIn('login', devices.map((d) => d.login)).select('id', 'login');
  const byLogin = new Map(users.map((u) => [u.login, Number(u.id)]));
  const rows: Array<{ contact_id: number; user_id: number }> = [];
  devices.forEach((d, i) => {
    const userId = byLogin.get(d.login)!;
    const own = ids.slice(20 + i * 30, 20 + (i + 1) * 30);
    for (const contactId of [...common, ...(own.length ? own : ids.slice(0, 30))]) rows.push({ contact_id: contactId, user_id: userId });
  });
  const unique = [...new Map(rows.map((r) => [`${r.contact_id}:${r.user_id}`, r])).values()];
  for (let i = 0; i < unique.length; i += 500) await knex('contact_shares').insert(unique.slice(i, i + 500));
  return common;
}
