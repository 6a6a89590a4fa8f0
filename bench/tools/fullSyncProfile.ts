/**
 * One client's initial full sync, repeated, against a fresh server process: the listing and the
 * multiget times per run, and optionally a CPU profile of the server (the first `--warmup` runs
 * render and store every card; skip them with PROFILE_FROM_S when reading the profile).
 *   tsx bench/tools/fullSyncProfile.ts [--db sqlite|mysql] [--client thunderbird|davx5|outlook] [--contacts N] [--runs N] [--warmup N] [--cpu-prof DIR]
 */
import { parseArgs } from 'node:util';
import { BENCH_USER, PASSWORD, setUpContactsOnly } from '../lib/bench.ts';
import { freshDatabase, runCliProcess, startServerProcess, type DbName } from '../lib/environment.ts';
import { DavClient } from '../lib/client.ts';
import * as B from '../lib/bodies.ts';
import { davx5FullSync, outlookFullSync, pathsOf, thunderbirdFullSync } from '../lib/scenarios.ts';

const { values } = parseArgs({ options: {
  db: { type: 'string', default: 'sqlite' }, client: { type: 'string', default: 'thunderbird' }, contacts: { type: 'string', default: '10000' },
  runs: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' }, 'cpu-prof': { type: 'string' },
} });
const flows = { thunderbird: thunderbirdFullSync, davx5: davx5FullSync, outlook: outlookFullSync } as const;
const flow = flows[values.client as keyof typeof flows];
if (!flow) throw new Error(`--client: one of ${Object.keys(flows).join(', ')}`);
const db = values.db as DbName;
const contacts = Number(values.contacts);
const database = await freshDatabase(db, `fullsync-${contacts}`, 'bsdav_bench_fullsync');
await setUpContactsOnly(runCliProcess, database.url, contacts);
const server = await startServerProcess(database.url, values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {});
const ua = values.client === 'davx5' ? B.UA.davx5 : values.client === 'outlook' ? B.UA.outlook : B.UA.thunderbird;
const c = new DavClient(server.origin, BENCH_USER, PASSWORD, ua);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const path = pathsOf(BENCH_USER).addressbook;
  const t0 = performance.now();
  for (let i = 0; i < Number(values.warmup); i += 1) await flow(c, path, contacts);
  console.log(`${db} ${values.client}: ${values.warmup} warm-up runs, ${(performance.now() - t0).toFixed(0)} ms`);
  const total: number[] = [], listing: number[] = [], multiget: number[] = [];
  const cpu0 = server.cpuSeconds();
  for (let i = 0; i < Number(values.runs); i += 1) {
    const r = await flow(c, path, contacts);
    total.push(r.ms); listing.push(r.listingMs); multiget.push(r.multigetMs);
  }
  const cpu = ((server.cpuSeconds() - cpu0) * 1000) / Number(values.runs);
  console.log(`${db} ${values.client} ${contacts}: median ${median(total).toFixed(0)} ms (listing ${median(listing).toFixed(0)}, multiget ${median(multiget).toFixed(0)}), server CPU ${cpu.toFixed(0)} ms per run, ${values.runs} runs`);
} finally {
  c.close();
  await server.stop();
  await database.drop();
}
