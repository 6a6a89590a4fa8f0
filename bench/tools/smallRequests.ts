/**
 * Server CPU per small request, the DAVx5 way: after one sync-collection, N addressbook-multigets of
 * 10 hrefs and N unchanged polls, each measured as the server process's CPU time (/proc) and as the
 * device's wall time. Optional CPU profile of the server.
 *   tsx bench/tools/smallRequests.ts [--db sqlite|mysql] [--contacts N] [--requests N] [--only multiget|poll] [--cpu-prof DIR]
 */
import { parseArgs } from 'node:util';
import { BENCH_GROUP, BENCH_USER, PASSWORD } from '../lib/bench.ts';
import { freshDatabase, runCliProcess, startServerProcess, type DbName } from '../lib/environment.ts';
import { DavClient } from '../lib/client.ts';
import * as B from '../lib/bodies.ts';
import { davx5FullSync, pathsOf, pollOnce } from '../lib/scenarios.ts';

const { values } = parseArgs({ options: {
  db: { type: 'string', default: 'sqlite' }, contacts: { type: 'string', default: '10000' },
  requests: { type: 'string', default: '1000' }, 'cpu-prof': { type: 'string' }, only: { type: 'string' },
} });
const db = values.db as DbName;
const requests = Number(values.requests);
const database = await freshDatabase(db, `small-${values.contacts}`, 'bsdav_bench_small');
await runCliProcess(database.url, ['group', 'create', BENCH_GROUP, '--sync-contacts', '--sync-calendar', '--sync-tasks']);
await runCliProcess(database.url, ['user', 'create', BENCH_USER, '--password', PASSWORD, '--group', BENCH_GROUP, '--name', 'Bench User', '--scope', 'ALL']);
await runCliProcess(database.url, ['seed', '--contacts', String(values.contacts), '--events', '0', '--tasks', '0', '--user', BENCH_USER]);
const server = await startServerProcess(database.url, values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {});
const c = new DavClient(server.origin, BENCH_USER, PASSWORD, B.UA.davx5);
try {
  const path = pathsOf(BENCH_USER).addressbook;
  const warm = await davx5FullSync(c, path, Number(values.contacts));
  console.log(`${db}: warm-up DAVx5 initial sync ${warm.ms.toFixed(0)} ms (${warm.hrefs.length} cards)`);
  const full = await davx5FullSync(c, path, Number(values.contacts));
  console.log(`${db}: DAVx5 initial sync ${full.ms.toFixed(0)} ms, multigets ${full.multigetMs.toFixed(0)} ms`);
  const measure = async (label: string, one: (i: number) => Promise<unknown>) => {
    const cpu0 = server.cpuSeconds();
    const t0 = performance.now();
    for (let i = 0; i < requests; i += 1) await one(i);
    const wall = (performance.now() - t0) / requests;
    const cpu = ((server.cpuSeconds() - cpu0) * 1000) / requests;
    console.log(`${db}: ${label}: wall ${wall.toFixed(3)} ms, server CPU ${cpu.toFixed(3)} ms per request (${requests} requests)`);
  };
  const hrefs = full.hrefs;
  if (values.only !== 'poll') await measure('multiget of 10', (i) => c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Mget(hrefs.slice((i * 10) % (hrefs.length - 10), ((i * 10) % (hrefs.length - 10)) + 10)) }));
  if (values.only !== 'multiget') await measure('unchanged poll', () => pollOnce(c, path));
} finally {
  c.close();
  await server.stop();
  await database.drop();
}
