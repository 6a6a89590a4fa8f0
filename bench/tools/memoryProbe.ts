/**
 * Peak memory of the compiled server per initial-sync step, on a database seeded once and kept
 * (the full bench reseeds every run):
 *
 *   tsx bench/tools/memoryProbe.ts sqlite|mysql [contacts] [steps] [--seed]
 *
 * steps: comma-separated outlook,davx5,thunderbird, tb-parts (its two requests apart), incremental,
 * write (the bench's scenarios; they change the data: --seed afterwards) (default: the bench's order: outlook ×3,
 * davx5, thunderbird). The server's VmHWM is reset before each step (`/proc/<pid>/clear_refs` 5),
 * so each line is that step's own peak. NODE_OPTIONS_SERVER passes node flags to the server
 * (e.g. `--heap-prof --heap-prof-dir bench/tmp/heap`).
 */
import { existsSync, writeFileSync } from 'node:fs';
import knexFactory from 'knex';
import { join } from 'node:path';
import { BENCH_GROUP, BENCH_USER, PASSWORD } from '../lib/bench.ts';
import { freshDatabase, mysqlUrl, runCliProcess, startServerProcess, TMP, type DbName } from '../lib/environment.ts';
import * as S from '../lib/scenarios.ts';
import * as B from '../lib/bodies.ts';
import { DavClient } from '../lib/client.ts';

const [db = 'sqlite', sizeArg = '100000', stepsArg = 'outlook,outlook,outlook,davx5,thunderbird'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const contacts = Number(sizeArg);
const seed = process.argv.includes('--seed');
const mysqlDb = `bsdav_probe_${contacts}`;
const sqliteFile = join(TMP, `bench-probe-${contacts}.sqlite`);
const url = db === 'sqlite' ? `sqlite:${sqliteFile}` : mysqlUrl(mysqlDb);

if (seed || (db === 'sqlite' && !existsSync(sqliteFile))) {
  // Creates an empty database (SQLite: removes the file); kept afterwards for the next probe.
  await freshDatabase(db as DbName, `probe-${contacts}`, mysqlDb);
  await runCliProcess(url, ['group', 'create', BENCH_GROUP, '--sync-contacts', '--sync-calendar', '--sync-tasks', '--may-edit-contacts', '--may-delete-contacts']);
  await runCliProcess(url, ['user', 'create', BENCH_USER, '--password', PASSWORD, '--group', BENCH_GROUP, '--scope', 'ALL']);
  await runCliProcess(url, ['seed', '--contacts', String(contacts), '--events', '5000', '--tasks', '2000', '--user', BENCH_USER]);
  console.log(`seeded ${url}`);
}

const nodeOptions = process.env.NODE_OPTIONS_SERVER ?? '';
// The flags of `npm start` come first (startServerProcess); NODE_OPTIONS_SERVER adds to them.
const server = await startServerProcess(url, { env: { NODE_OPTIONS: nodeOptions } });
const mb = () => server.memory();
console.log(`server ${server.pid}: RSS after start ${mb().rssMb.toFixed(1)} MB`);
const knex = knexFactory(db === 'sqlite' ? { client: 'better-sqlite3', connection: { filename: sqliteFile }, useNullAsDefault: true }
  : { client: 'mysql2', connection: { uri: url, timezone: 'Z', dateStrings: true } as never });
const t = { origin: server.origin, login: BENCH_USER, password: PASSWORD, knex, dbName: db, log: () => undefined } as unknown as S.Target;
if (process.env.PROBE_SIGNAL) process.kill(server.pid, 'SIGUSR2');
try {
  for (const step of stepsArg.split(',') as S.FullSyncClient[]) {
    writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    const stop = server.sampleRss(20);
    const started = performance.now();
    const cpu = server.cpuSeconds();
    if (step === ('tb-parts' as S.FullSyncClient)) await thunderbirdParts();
    else if (step === ('incremental' as S.FullSyncClient)) await S.incrementalAfterSql(t, 10, 0).then(() => S.incrementalAfterPut(t, 10, 125));
    else if (step === ('write' as S.FullSyncClient)) console.log((await S.writeLatency(t, 20)).map((r) => `  ${r.name}: median ${r.medianMs} ms`).join('\n'));
    else await S.fullSync(t, step, 1, contacts);
    const sampled = stop();
    const { hwmMb, rssMb } = mb();
    if (process.env.PROBE_SIGNAL) process.kill(server.pid, 'SIGUSR2');
    console.log(`${step.padEnd(12)} ${((performance.now() - started) / 1000).toFixed(1)} s  VmHWM ${hwmMb.toFixed(1)} MB  sampled ${sampled.toFixed(1)} MB  RSS after ${rssMb.toFixed(1)} MB  server CPU ${(server.cpuSeconds() - cpu).toFixed(2)} s`);
  }
} finally {
  await server.stop();
  await knex.destroy();
}

/** Thunderbird's two requests, each with its own peak. */
async function thunderbirdParts(): Promise<void> {
  const c = new DavClient(t.origin, t.login, t.password);
  const path = S.pathsOf(t.login).addressbook;
  const snap = (ms: number) => process.env.PROBE_SNAPSHOT && setTimeout(() => process.kill(server.pid, 'SIGUSR1'), ms);
  snap(700);
  const sync = await c.expect(207, 'REPORT', path, { depth: '1', body: B.thunderbirdSync('') });
  const hrefs = [...sync.text.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]!).filter((h) => h !== path);
  console.log(`  sync-collection ${sync.ms.toFixed(0)} ms: VmHWM ${mb().hwmMb.toFixed(1)} MB, ${hrefs.length} hrefs`);
  if (process.env.PROBE_SIGNAL) process.kill(server.pid, 'SIGUSR2');
  writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
  const body = B.thunderbirdMget(hrefs);
  snap(1500);
  const mget = await c.expect(207, 'REPORT', path, { depth: '1', body });
  console.log(`  multiget ${mget.ms.toFixed(0)} ms (${(body.length / 1e6).toFixed(1)} MB body): VmHWM ${mb().hwmMb.toFixed(1)} MB`);
  c.close();
}
