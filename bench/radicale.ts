/**
 * `npm run bench:radicale` — the device flows side by side against Radicale (see bench/README.md).
 *
 *   --contacts N         contacts of the one user (default 10000)
 *   --events N           events (default 2000; ~10 % recurring, as the seed makes them)
 *   --db sqlite|mysql|both   our database(s) (default both)
 *   --runs N             measured runs of each initial-sync flow per side (default 3, after one
 *                        unmeasured warm-up run, reported apart; other flows more)
 *   --devices N          devices of the load flow (default 20), --load-seconds S (default 10)
 *   --no-write           print only (no bench/results/radicale-comparison.md)
 *
 * Radicale is optional: without the `radicale` command (Debian: `apt-get install radicale`) the
 * script says so and exits 0 with nothing measured.
 */
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_GROUP, BENCH_USER, PASSWORD } from './lib/bench.ts';
import { freshDatabase, REPO, runCliProcess, startServerProcess, type BenchDatabase, type DbName, type ServerProcess } from './lib/environment.ts';
import { gitCommit, machine } from './lib/report.ts';
import { pathsOf } from './lib/scenarios.ts';
import { comparisonMarkdown, eventBounds, runInterleaved, type ComparisonReport, type FlowSpec } from './lib/peer/comparison.ts';
import { fillRadicale, readDataSet } from './lib/peer/dataSet.ts';
import * as F from './lib/peer/flows.ts';
import { radicaleVersion, startRadicale, type RadicaleProcess } from './lib/peer/radicaleProcess.ts';

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

function options() {
  const { values } = parseArgs({
    options: {
      contacts: { type: 'string', default: '10000' },
      events: { type: 'string', default: '2000' },
      db: { type: 'string', default: 'both' },
      runs: { type: 'string', default: '3' },
      devices: { type: 'string', default: '20' },
      'load-seconds': { type: 'string', default: '10' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const int = (s: string | undefined, name: string, min: number) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got ${s})`);
    return n;
  };
  if (!['sqlite', 'mysql', 'both'].includes(values.db!)) throw new Error(`--db must be sqlite, mysql or both (got ${values.db})`);
  return {
    contacts: int(values.contacts, 'contacts', 50),
    events: int(values.events, 'events', 10),
    databases: (values.db === 'both' ? ['sqlite', 'mysql'] : [values.db]) as DbName[],
    runs: int(values.runs, 'runs', 1),
    devices: int(values.devices, 'devices', 1),
    loadSeconds: int(values['load-seconds'], 'load-seconds', 1),
    write: !values['no-write'],
  };
}

const LABEL: Record<DbName, string> = { sqlite: 'ours (SQLite)', mysql: 'ours (MariaDB)' };

async function main(): Promise<number> {
  const o = options();
  const version = radicaleVersion();
  if (!version) {
    log('Radicale is not installed (Debian: apt-get install radicale): nothing compared, nothing measured.');
    return 0;
  }
  const radicaleLabel = `Radicale ${version}`;
  const startedAt = new Date().toISOString();
  const setup: string[] = [];
  const versions = [`Radicale ${version} (Debian package, multifilesystem storage, htpasswd plain, owner_only rights)`];
  const databases: BenchDatabase[] = [];
  const servers: ServerProcess[] = [];
  let radicale: RadicaleProcess | undefined;
  try {
    const peers: F.Peer[] = [];
    for (const db of o.databases) {
      const database = await freshDatabase(db, `radicale-${o.contacts}`, 'bsdav_bench_radicale');
      databases.push(database);
      const t0 = performance.now();
      await runCliProcess(database.url, ['group', 'create', BENCH_GROUP, '--sync-contacts', '--sync-calendar', '--may-edit-contacts', '--may-delete-contacts']);
      await runCliProcess(database.url, ['user', 'create', BENCH_USER, '--password', PASSWORD, '--group', BENCH_GROUP, '--name', 'Bench User', '--email', 'bench.user@example.ch', '--scope', 'ALL']);
      await runCliProcess(database.url, ['seed', '--contacts', String(o.contacts), '--events', String(o.events), '--tasks', '0', '--user', BENCH_USER]);
      setup.push(`${LABEL[db]}: seeded by the CLI in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const knex = database.knex();
      versions.push(db === 'sqlite'
        ? `SQLite ${((await knex.raw('select sqlite_version() as v')) as Array<{ v: string }>)[0]!.v}`
        : `${((await knex.raw('select version() as v')) as [Array<{ v: string }>])[0][0]!.v}`);
      const server = await startServerProcess(database.url);
      servers.push(server);
      const paths = pathsOf(BENCH_USER);
      peers.push({ label: LABEL[db], origin: server.origin, login: BENCH_USER, password: PASSWORD, addressbook: paths.addressbook, calendar: paths.calendar,
        contacts: o.contacts, eventsBetween: await eventBounds(knex), cpuSeconds: () => server.cpuSeconds() });
      log(`${LABEL[db]} at ${server.origin}`);
    }

    // Radicale gets exactly what our first server serves.
    const source = peers[0]!;
    let t0 = performance.now();
    const data = await readDataSet(source.origin, BENCH_USER, PASSWORD, source.addressbook, source.calendar);
    log(`data set read from ${source.label}: ${data.vcards.length} vCards, ${data.calendars.length} calendar objects in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    radicale = await startRadicale(BENCH_USER, PASSWORD);
    const login = encodeURIComponent(BENCH_USER);
    const theirs: F.Peer = { label: radicaleLabel, origin: radicale.origin, login: BENCH_USER, password: PASSWORD,
      addressbook: `/${login}/contacts/`, calendar: `/${login}/calendar/`, contacts: o.contacts, eventsBetween: source.eventsBetween,
      cpuSeconds: () => radicale!.cpuSeconds() };
    const filled = await fillRadicale(theirs.origin, BENCH_USER, PASSWORD, theirs.addressbook, theirs.calendar, data);
    setup.push(`${radicaleLabel}: ${data.vcards.length} vCards + ${data.calendars.length} calendar objects (read from ${source.label}) put in ${filled.seconds.toFixed(1)} s`);
    log(setup[setup.length - 1]!);
    setup.push(`Radicale's storage folder (${os.tmpdir()}) and our SQLite file (bench/tmp) are on the same disk; MariaDB runs on this machine; client, servers and database share its cores`);
    peers.splice(1, 0, theirs);

    // Unmeasured first sync on every side: our first render of every vCard, Radicale's item cache.
    for (const p of peers) {
      t0 = performance.now();
      await F.outlookInitialSync(p);
      setup.push(`${p.label}: first (cold, unmeasured) Outlook initial sync ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      log(setup[setup.length - 1]!);
    }

    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    const in30 = new Date(today.getTime() + 30 * 86_400_000);
    const specs: FlowSpec[] = [
      { name: 'discovery from the bare host (OCS flow A, calendar + address book)', runs: 5, flow: F.discovery },
      { name: 'unchanged poll (PROPFIND Depth 0 getctag + sync-token, per request)', runs: 10, flow: F.unchangedPoll() },
      { name: `Outlook/iOS initial sync (PROPFIND Depth 1 + multiget of 100), ${o.contacts} contacts`, runs: o.runs, warmUp: 1, flow: F.outlookInitialSync },
      { name: `DAVx5 initial sync (sync-collection + multigets of 10), ${o.contacts} contacts`, runs: o.runs, warmUp: 1, flow: F.davx5InitialSync },
      { name: `Thunderbird initial sync (sync-collection + one multiget), ${o.contacts} contacts`, runs: o.runs, warmUp: 1, flow: F.thunderbirdInitialSync },
      { name: 'incremental sync after 10 PUT + 2 DELETE (poll + sync-collection + multiget)', runs: 5, flow: F.incrementalSync() },
      { name: `calendar-query next 30 days (O-CQ, getetag), ${o.events} events`, runs: 5, flow: F.calendarQuery(today, in30) },
      { name: 'calendar-query next 30 days with expand (calendar-data)', runs: 3, flow: F.expandedQuery(today, in30) },
    ];
    const flows = await runInterleaved(peers, specs, log);

    const load: ComparisonReport['load'][number][] = [];
    for (const p of peers) {
      const outcome = await F.load(p, o.devices, o.loadSeconds);
      load.push({ peer: p.label, devices: o.devices, seconds: o.loadSeconds, outcome });
      log(`load ${p.label}: ${outcome.requestsPerSecond} req/s, p50 ${outcome.p50Ms} ms, p99 ${outcome.p99Ms} ms, ${outcome.errors} errors`);
    }

    const m = machine();
    const report: ComparisonReport = {
      machine: `${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.os}`,
      versions, commit: gitCommit(), startedAt, finishedAt: new Date().toISOString(), contacts: o.contacts, events: o.events, setup,
      peers: peers.map((p) => p.label), radicale: radicaleLabel, flows, load, loadAverage: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    };
    const md = comparisonMarkdown(report);
    console.log(md);
    if (o.write) {
      const file = join(REPO, 'bench', 'results', 'radicale-comparison.md');
      writeFileSync(file, md);
      log(`written ${file}`);
    }
    const wrongOurs = flows.flatMap((f) => Object.entries(f.byPeer).filter(([p, r]) => p !== radicaleLabel && r.error).map(([p, r]) => `${f.name} on ${p}: ${r.error}`));
    for (const w of wrongOurs) log(`OUR ANSWER WAS WRONG: ${w}`);
    return wrongOurs.length ? 1 : 0;
  } finally {
    await radicale?.stop();
    for (const s of servers) await s.stop();
    for (const d of databases) await d.drop();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
