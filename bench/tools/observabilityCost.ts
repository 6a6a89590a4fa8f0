/**
 * Cost of request logging and metrics per request: unchanged-poll throughput (PROPFIND Depth 0,
 * getctag + sync-token, as Outlook CalDav Synchronizer polls) against a server process in three modes,
 * alternated over several rounds so that machine noise spreads over all of them:
 *
 *   full          JSON request log lines (to a pipe the driver discards) + metrics — production default
 *   metrics-only  logger silent, metrics counted
 *   off           `observeRequests: false`: no request log line, no request metrics
 *
 * Usage: tsx bench/tools/observabilityCost.ts [--seconds 5] [--rounds 3] [--clients 10]
 * (the server is its own process; the driver shares the machine with it).
 */
import { migrateStandalone } from '../../src/adapters/knex/migrations/index.ts';
import { CrmSchema } from '../../src/adapters/knex/schema/crmSchema.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Koa from 'koa';
import knexFactory from 'knex';
import pino from 'pino';
import { knexConfig } from '../../src/adapters/knex/knexConfig.ts';
import { seedDemo } from '../../src/adapters/knex/seed/demoSeeder.ts';
import { brokerStarDav } from '../../src/brokerStarDav.ts';
import { DavClient } from '../lib/client.ts';
import { POLL } from '../lib/bodies.ts';

type Mode = 'full' | 'metrics-only' | 'off';
const MODES: Mode[] = ['full', 'metrics-only', 'off'];
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';

/** Child: one server in the given mode on an ephemeral port; prints `PORT <n>` on stderr. */
async function serve(mode: Mode, filename: string): Promise<void> {
  const knex = knexFactory(knexConfig({ client: 'sqlite', filename }));
  const app = new Koa();
  const logger = mode === 'full' ? pino({ level: 'info' }) : pino({ level: 'silent' });
  const dav = brokerStarDav({ knex, logger, observeRequests: mode !== 'off', authCacheTtlMs: 600_000 });
  app.use(dav);
  await dav.ready;
  const server = http.createServer(app.callback()).listen(0, '127.0.0.1', () => {
    process.stderr.write(`PORT ${(server.address() as { port: number }).port}\n`);
  });
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function start(mode: Mode, filename: string): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', mode, '--db', filename], {
    env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.resume(); // the log lines go to a pipe, as to a log collector, and are dropped here
  const origin = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /PORT (\d+)/.exec(err);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.once('exit', (code) => reject(new Error(`server (${mode}) exited with ${code}: ${err}`)));
  });
  return { child, origin };
}

async function pollLoop(origin: string, seconds: number, clients: number): Promise<{ requests: number; latencies: number[] }> {
  const devices = Array.from({ length: clients }, () => new DavClient(origin, 'max.muster', 'demo', 'CalDavSynchronizer/4.6'));
  for (const d of devices) await d.expect(207, 'PROPFIND', BOOK, { depth: '0', body: POLL }); // warm: auth cache, statements
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(devices.map(async (d) => {
    while (performance.now() < until) {
      const e = await d.expect(207, 'PROPFIND', BOOK, { depth: '0', body: POLL });
      latencies.push(e.ms);
    }
  }));
  for (const d of devices) d.agent.destroy();
  return { requests: latencies.length, latencies };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function drive(seconds: number, rounds: number, clients: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bsdav-obscost-'));
  const filename = join(dir, 'bench.sqlite');
  const knex = knexFactory(knexConfig({ client: 'sqlite', filename }));
  await migrateStandalone(knex, CrmSchema.reference);
  await seedDemo(knex, new Date());
  await knex.destroy();
  const results = new Map<Mode, Array<{ rps: number; p50: number; cpuMsPerRequest: number }>>();
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const mode of MODES) {
        const { child, origin } = await start(mode, filename);
        const cpu0 = cpuSeconds(child.pid!);
        const { requests, latencies } = await pollLoop(origin, seconds, clients);
        const cpu = cpuSeconds(child.pid!) - cpu0;
        child.kill('SIGKILL');
        const row = { rps: requests / seconds, p50: median(latencies), cpuMsPerRequest: (cpu * 1000) / requests };
        results.set(mode, [...(results.get(mode) ?? []), row]);
        console.log(`round ${round} ${mode.padEnd(12)} ${row.rps.toFixed(0)} req/s, p50 ${row.p50.toFixed(2)} ms, server CPU ${row.cpuMsPerRequest.toFixed(3)} ms/request`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nmedian over rounds:');
  const off = median((results.get('off') ?? []).map((r) => r.cpuMsPerRequest));
  for (const mode of MODES) {
    const rows = results.get(mode) ?? [];
    const cpu = median(rows.map((r) => r.cpuMsPerRequest));
    console.log(`  ${mode.padEnd(12)} ${median(rows.map((r) => r.rps)).toFixed(0)} req/s, p50 ${median(rows.map((r) => r.p50)).toFixed(2)} ms, ` +
      `server CPU ${cpu.toFixed(3)} ms/request (${cpu >= off ? '+' : ''}${((cpu - off) * 1000).toFixed(0)} µs vs off)`);
  }
}

const { values } = parseArgs({
  options: { serve: { type: 'string' }, db: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' }, clients: { type: 'string' } },
});
if (values.serve) await serve(values.serve as Mode, values.db!);
else await drive(Number(values.seconds ?? 5), Number(values.rounds ?? 3), Number(values.clients ?? 10));
