/**
 * A/B of two checkouts in one interleaved run, for a machine whose speed drifts from one minute to
 * the next (see bench/README): each side gets its own database and server process (each compiled
 * from its own tree), and one client loop alternates between them request by request, so drift
 * hits both alike. Reports wall time and server CPU per step for each side.
 *
 *   git worktree add /tmp/ab <commit> && ln -s "$PWD/node_modules" /tmp/ab/node_modules
 *   tsx bench/tools/pairedAB.ts --a /tmp/ab [--b .] [--db mysql|sqlite] [--mode refresh|unchanged|put] [--steps N] [--contacts N]
 *
 * Modes: `refresh` a poll after one contact edited in SQL (as BrokerStar's web app), `unchanged` a
 * poll of an unchanged address book, `put` a contact created (If-None-Match) and updated (If-Match),
 * `multiget` DAVx5's multiget of 10 cards (the next ten of its listing at each step).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_USER, PASSWORD, setUpContactsOnly } from '../lib/bench.ts';
import { DavClient } from '../lib/client.ts';
import * as B from '../lib/bodies.ts';
import { davx5FullSync, pathsOf, pollOnce } from '../lib/scenarios.ts';
import type * as Environment from '../lib/environment.ts';

const { values } = parseArgs({ options: {
  a: { type: 'string' }, b: { type: 'string', default: '.' }, db: { type: 'string', default: 'mysql' },
  mode: { type: 'string', default: 'refresh' }, steps: { type: 'string', default: '2000' }, contacts: { type: 'string', default: '1000' },
} });
if (!values.a) throw new Error('pairedAB: --a <checkout> is required (the other side defaults to this one)');
const db = values.db as Environment.DbName;
const mode = values.mode!;
if (!['refresh', 'unchanged', 'put', 'multiget'].includes(mode)) throw new Error(`pairedAB: unknown --mode ${mode}`);
const steps = Number(values.steps);
const contacts = Number(values.contacts);
const path = pathsOf(BENCH_USER).addressbook;

async function side(label: 'A' | 'B', checkout: string) {
  // Each checkout's own environment module: it compiles and starts that tree's server.
  const E = (await import(resolve(checkout, 'bench/lib/environment.ts'))) as typeof Environment;
  const database = await E.freshDatabase(db, `paired-${label}`, `bsdav_bench_paired_${label.toLowerCase()}`);
  await setUpContactsOnly(E.runCliProcess, database.url, contacts);
  const server = await E.startServerProcess(database.url);
  const client = new DavClient(server.origin, BENCH_USER, PASSWORD, B.UA.davx5);
  const { hrefs } = await davx5FullSync(client, path, contacts);
  const ids = (await database.knex()('contacts').orderBy('id').pluck('id')) as number[];
  return { label, database, server, client, ids, hrefs, wallMs: 0, cpuS: 0 };
}

const sides = [await side('A', values.a), await side('B', values.b!)];
try {
  for (let i = 0; i < steps; i++) {
    // Alternate which side goes first, so neither always follows the other.
    for (const s of i % 2 === 0 ? sides : [...sides].reverse()) {
      if (mode === 'refresh') await s.database.knex()('contacts').where('id', s.ids[i % s.ids.length]!).update({ notes: `paired ${i}` });
      const cpu0 = s.server.cpuSeconds();
      const t0 = performance.now();
      if (mode === 'put') {
        const href = `${path}paired-${i}.vcf`;
        const created = await s.client.expect(201, 'PUT', href, { body: B.newVCard(`paired-${i}`, i), contentType: 'text/vcard', headers: { 'If-None-Match': '*' } });
        await s.client.expect(204, 'PUT', href, { body: B.newVCard(`paired-${i}`, i, 'changed'), contentType: 'text/vcard', headers: { 'If-Match': String(created.headers.etag) } });
      } else if (mode === 'multiget') {
        const from = (i * 10) % (s.hrefs.length - 10);
        await s.client.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Mget(s.hrefs.slice(from, from + 10)) });
      } else {
        await pollOnce(s.client, path);
      }
      s.wallMs += performance.now() - t0;
      s.cpuS += s.server.cpuSeconds() - cpu0;
    }
  }
  for (const s of sides) {
    console.log(`${s.label} (${s.label === 'A' ? values.a : values.b}), ${db}, ${mode}: wall ${(s.wallMs / steps).toFixed(3)} ms, server CPU ${((s.cpuS * 1000) / steps).toFixed(3)} ms per step (${steps} steps)`);
  }
} finally {
  for (const s of sides) {
    s.client.close();
    await s.server.stop();
    await s.database.drop();
  }
}
