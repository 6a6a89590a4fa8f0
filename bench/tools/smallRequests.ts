/**
 * Server CPU per small request, the DAVx5 way: after one sync-collection, N addressbook-multigets of
 * 10 hrefs and N unchanged polls, each measured as the server process's CPU time (/proc), the local
 * MariaDB's (with --db mysql, from its pid file) and the device's wall time; with `--only write`, N
 * contact writes as Outlook makes them (create with If-None-Match, update with If-Match, DELETE);
 * with `--only refresh`, N polls each after one contact edited in SQL (as BrokerStar's web app).
 * Optional CPU profile of the server.
 *   tsx bench/tools/smallRequests.ts [--db sqlite|mysql] [--contacts N] [--requests N] [--only multiget|poll|write|refresh] [--cpu-prof DIR]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BENCH_USER, PASSWORD, setUpContactsOnly } from '../lib/bench.ts';
import { freshDatabase, runCliProcess, startServerProcess, type DbName } from '../lib/environment.ts';
import { DavClient } from '../lib/client.ts';
import * as B from '../lib/bodies.ts';
import { davx5FullSync, pathsOf, pollOnce } from '../lib/scenarios.ts';

const { values } = parseArgs({ options: {
  db: { type: 'string', default: 'sqlite' }, contacts: { type: 'string', default: '10000' },
  requests: { type: 'string', default: '1000' }, 'cpu-prof': { type: 'string' }, only: { type: 'string' },
} });
const db = values.db as DbName;

/** CPU time of the local MariaDB/MySQL server process (its pid file), when there is one to read. */
function databaseCpuMs(): number | null {
  if (db !== 'mysql') return null;
  try {
    const pid = readFileSync('/var/run/mysqld/mysqld.pid', 'utf8').trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
/** The server process's user and system CPU time in ms (system: mostly its socket and file I/O). */
function userSystemMs(pid: number): [number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]) * 10, Number(fields[12]) * 10];
}
const requests = Number(values.requests);
const database = await freshDatabase(db, `small-${values.contacts}`, 'bsdav_bench_small');
await setUpContactsOnly(runCliProcess, database.url, Number(values.contacts));
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
    const [user0, system0] = userSystemMs(server.pid);
    const db0 = databaseCpuMs();
    const t0 = performance.now();
    for (let i = 0; i < requests; i += 1) await one(i);
    const wall = (performance.now() - t0) / requests;
    const cpu = ((server.cpuSeconds() - cpu0) * 1000) / requests;
    const [user1, system1] = userSystemMs(server.pid);
    const split = `user ${((user1 - user0) / requests).toFixed(3)}, system ${((system1 - system0) / requests).toFixed(3)}`;
    const dbCpu = db0 === null ? '' : `, MariaDB CPU ${((databaseCpuMs()! - db0) / requests).toFixed(3)} ms`;
    console.log(`${db}: ${label}: wall ${wall.toFixed(3)} ms, server CPU ${cpu.toFixed(3)} ms (${split})${dbCpu} per request (${requests} requests)`);
  };
  const hrefs = full.hrefs;
  if (values.only === 'write') {
    const cards = Array.from({ length: requests }, (_, i) => ({ href: `${path}small-${i}.vcf`, text: B.newVCard(`small-${i}`, i) }));
    const etags: string[] = [];
    await measure('PUT create', async (i) => {
      const created = await c.expect(201, 'PUT', cards[i]!.href, { body: cards[i]!.text, contentType: 'text/vcard', headers: { 'If-None-Match': '*' } });
      etags[i] = String(created.headers.etag);
    });
    await measure('PUT update', (i) => c.expect(204, 'PUT', cards[i]!.href, { body: B.newVCard(`small-${i}`, i, 'changed'), contentType: 'text/vcard', headers: { 'If-Match': etags[i]! } }));
    await measure('DELETE', (i) => c.expect(204, 'DELETE', cards[i]!.href));
  }
  if (values.only === 'refresh') {
    const edit = database.knex();
    const ids = (await edit('contacts').orderBy('id').limit(requests).pluck('id')) as number[];
    await measure('poll after an edit in SQL', async (i) => {
      await edit('contacts').where('id', ids[i % ids.length]!).update({ notes: `refresh ${i}` });
      await pollOnce(c, path);
    });
  }
  const others = ['write', 'refresh'].includes(values.only ?? '');
  if (values.only !== 'poll' && !others) await measure('multiget of 10', (i) => c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Mget(hrefs.slice((i * 10) % (hrefs.length - 10), ((i * 10) % (hrefs.length - 10)) + 10)) }));
  if (values.only !== 'multiget' && !others) await measure('unchanged poll', () => pollOnce(c, path));
} finally {
  c.close();
  await server.stop();
  await database.drop();
}
