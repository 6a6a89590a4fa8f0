/**
 * Scale-out: the load scenario (20 devices polling + syncing, the web app editing in SQL) against
 * one server process, one server with WORKERS=N, and N separate server instances on the same
 * MariaDB database, with the throughput of each relative to the single process.
 */
import { PASSWORD, prepareLoadDatabase } from './bench.ts';
import { startServerProcess, type ServerProcess } from './environment.ts';
import { cpuSecondsOf, localDatabasePid, treeCpuMeter } from './processTree.ts';
import * as S from './scenarios.ts';

export interface ScaleOptions {
  readonly contacts: number;
  readonly devices: number;
  readonly seconds: number;
  /** Worker counts of the one-server runs (1 = no cluster). */
  readonly workers: readonly number[];
  /** Instance counts of the several-servers runs (each a separate process with WORKERS=1). */
  readonly instances: readonly number[];
  readonly log: (line: string) => void;
}

export interface ScaleRun {
  readonly setup: string;
  readonly processes: number;
  readonly requestsPerSecond: number;
  readonly ratioToOneProcess: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly serverCpuMsPerRequest: number;
  /** CPU seconds of the run per party: the servers (all processes), the bench client (devices), MariaDB (when local). */
  readonly cpuSeconds: { readonly servers: number; readonly benchClient: number; readonly database: number | null; readonly wall: number };
  readonly firstError?: string;
}

export const SCALE_DB = 'bsdav_bench_scale';

export async function runScaleOut(o: ScaleOptions): Promise<{ runs: ScaleRun[]; mysqlVersion: string }> {
  const { database, devices, knex, shared, mysqlVersion } = await prepareLoadDatabase('scale', SCALE_DB, { contacts: o.contacts, events: 500, tasks: 200, devices: o.devices });
  o.log(`MariaDB ${mysqlVersion}: ${o.contacts} contacts, ${devices.length} device users`);

  const setups = [
    ...o.workers.map((w) => ({ setup: w === 1 ? '1 process' : `1 server, WORKERS=${w}`, servers: 1, workers: w })),
    ...o.instances.map((n) => ({ setup: `${n} instances (separate processes, one database)`, servers: n, workers: 1 })),
  ];
  const runs: ScaleRun[] = [];
  try {
    for (const s of setups) {
      const servers: ServerProcess[] = [];
      try {
        for (let i = 0; i < s.servers; i++) servers.push(await startServerProcess(database.url, { env: { WORKERS: String(s.workers), LOG_LEVEL: 'warn' } }));
        const meters = servers.map((srv) => treeCpuMeter(srv.pid));
        // Devices are spread over the instances as a load balancer would (round robin per device).
        const groups = servers.map((_, i) => devices.filter((_, d) => d % servers.length === i));
        o.log(`${s.setup}: ${o.devices} devices × ${o.seconds} s`);
        const dbPid = localDatabasePid();
        const dbCpuBefore = dbPid === null ? 0 : cpuSecondsOf(dbPid);
        const results = await Promise.all(servers.map((srv, i) => S.load({
          origin: srv.origin, login: 'bench.user', password: PASSWORD, knex, dbName: 'mysql', log: o.log,
          serverCpuSeconds: meters[i]!,
        }, groups[i]!, o.seconds, i === 0 ? shared : [])));
        const rps = results.reduce((a, r) => a + r.requestsPerSecond, 0);
        const requests = results.reduce((a, r) => a + r.requests, 0);
        const cpu = results.reduce((a, r) => a + r.serverCpuSeconds, 0);
        const dbCpu = dbPid === null ? null : Math.round((cpuSecondsOf(dbPid) - dbCpuBefore) * 10) / 10;
        const first = runs[0]?.requestsPerSecond ?? rps;
        const firstError = results.find((r) => r.firstError)?.firstError;
        runs.push({
          setup: s.setup,
          processes: s.servers * s.workers,
          requestsPerSecond: rps,
          ratioToOneProcess: Math.round((rps / first) * 100) / 100,
          // Latencies of the instances together: the worst instance's p99, the mean of the medians.
          p50Ms: Math.round((results.reduce((a, r) => a + r.p50Ms, 0) / results.length) * 10) / 10,
          p99Ms: Math.max(...results.map((r) => r.p99Ms)),
          errors: results.reduce((a, r) => a + r.errors, 0),
          serverCpuMsPerRequest: Math.round(((cpu * 1000) / Math.max(1, requests)) * 100) / 100,
          // The client's CPU is the bench process's, shared by the instances' load runs: counted once.
          cpuSeconds: { servers: Math.round(cpu * 10) / 10, benchClient: Math.max(...results.map((r) => r.benchClientCpuSeconds)), database: dbCpu, wall: Math.max(...results.map((r) => r.seconds)) },
          ...(firstError ? { firstError } : {}),
        });
        o.log(`${s.setup}: ${rps} req/s (×${runs.at(-1)!.ratioToOneProcess}), p99 ${runs.at(-1)!.p99Ms} ms, ${runs.at(-1)!.errors} errors`);
      } finally {
        await Promise.all(servers.map((srv) => srv.stop()));
      }
    }
  } finally {
    await database.drop();
  }
  return { runs, mysqlVersion };
}
