/**
 * Scale-out scenarios on MySQL/MariaDB (see bench/README.md "Scale-out and database restart"):
 *
 *   npm run bench:scale   -- [--workers 1,2] [--instances 2] [--devices 20] [--seconds 15] [--contacts 10000]
 *   npm run bench:restart -- [--instances 2] [--devices 20] [--before 8] [--down 6] [--after 10] [--contacts 2000]
 *
 * Each writes bench/results/scale-out.md (its section replaced) and prints the figures.
 * --no-write: print only.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { gitCommit, machine, RESULTS_DIR } from './lib/report.ts';
import { runScaleOut, type ScaleRun } from './lib/scaleOut.ts';
import { runRestartUnderLoad, type RestartResult } from './lib/restartUnderLoad.ts';

const RESULT_FILE = join(RESULTS_DIR, 'scale-out.md');
const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
const numbers = (s: string) => s.split(',').map((x) => Number(x.trim())).filter((x) => Number.isInteger(x) && x > 0);

function header(): string {
  const m = machine();
  // The bench client, the servers and MariaDB share these cores; other work on the machine shows in the load average.
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${gitCommit()}; ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ` +
    `Node ${m.node}, ${m.os}; load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`;
}

function loadSection(runs: readonly ScaleRun[], o: { devices: number; seconds: number; contacts: number }, version: string): string {
  return [`## Load: 1 process, WORKERS=N, N instances on one MariaDB`, '', `${header()}; MariaDB ${version}.`,
    `${o.devices} devices (own users, scope OWN) polling PROPFIND Depth 0 + sync-collection on change for ${o.seconds} s, the web app editing one shared contact per second in SQL; ${o.contacts} contacts. The bench client and MariaDB run on the same cores: when servers + client + MariaDB already use most of wall × cores, or other work takes the rest (load average), a second process has no core to run on and the ratio measures the machine, not the server.`, '',
    '| setup | processes | req/s | × 1 process | p50 ms | p99 ms | errors | server CPU ms/req | CPU s: servers / bench client / MariaDB (of wall s × cores) |', '|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r) => `| ${r.setup} | ${r.processes} | ${r.requestsPerSecond} | ${r.ratioToOneProcess} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.serverCpuMsPerRequest} | ` +
      `${r.cpuSeconds.servers} / ${r.cpuSeconds.benchClient} / ${r.cpuSeconds.database ?? '?'} (of ${r.cpuSeconds.wall} × ${os.cpus().length}) |`), ''].join('\n');
}

function restartSection(r: RestartResult, o: { before: number; down: number; after: number; contacts: number }): string {
  const kv = (rec: Record<string, number>) => Object.entries(rec).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
  return [`## Database restart under load`, '', `${header()}; MariaDB ${r.mysqlVersion}.`,
    `${r.instances} instances on one database through a TCP proxy, ${r.devices} devices (half on each instance) polling, syncing and writing (PUT new contact / DELETE an own one), the web app updating and inserting contacts in SQL every 250 ms over its own connection; ${o.contacts} contacts. The instances' database connection is cut after ${o.before} s for ${o.down} s (every connection reset, new ones refused), then restored; ${o.after} s of load after.`, '',
    '| figure | value |', '|---|---|',
    `| requests in total | ${r.requests} |`,
    `| answers to requests sent while down | ${kv(r.whileDown)} |`,
    `| slowest answer while down | ${r.whileDownMaxMs} ms |`,
    `| 503 without Retry-After | ${r.whileDownWithoutRetryAfter} |`,
    `| /health of each instance while down | ${r.healthWhileDown.join(', ')} |`,
    `| errors outside the outage (before the cut, or > 10 s after the restore) | ${kv(r.errorsOutsideOutage)} |`,
    `| 500 (or no answer) at any time of the run | ${r.serverErrorsAnyTime} |`,
    `| recovery: restore → first 2xx, per instance | ${r.recoveryMsPerInstance.map((ms) => `${ms} ms`).join(', ')} |`,
    `| recovery: restore → every device served again | ${r.recoveryMsAllDevices} ms |`,
    `| device writes acknowledged (201 creates, of which later deleted with 204) | ${r.writes.acknowledgedCreates} (${r.writes.acknowledgedDeletes}) |`,
    `| device writes refused with 503 (creates, deletes) | ${r.writes.refusedCreates}, ${r.writes.refusedDeletes} |`,
    `| web app writes in SQL | ${r.writes.webAppWrites} |`,
    `| lost acknowledged creates / deletes | ${r.lostCreates} / ${r.lostDeletes} |`,
    `| refused creates found stored complete (the cut fell between COMMIT and its answer) | ${r.refusedButStoredComplete} |`,
    `| refused creates found half-written | ${r.refusedButWritten} |`,
    `| duplicated UIDs | ${r.duplicateUids} |`,
    `| web app inserts missing on the device | ${r.webAppChangesMissing} |`,
    `| devices whose incremental state ≠ full listing | ${r.devicesWhoseSyncDiffers} |`,
    `| "database unavailable" log lines per instance (once per outage) | ${r.outageLogLinesPerInstance.join(', ')} |`,
    `| 503s counted in brokerstar_dav_storage_unavailable_total per instance | ${r.refusedCountedPerInstance.join(', ')} |`,
    `| instances alive at the end | ${r.instancesAlive} of ${r.instances} |`, '',
    ...(r.failureLogLines.length ? ['Failed requests in the servers\' logs:', '', '```', ...r.failureLogLines, '```', ''] : [])].join('\n');
}

/** Replaces the section starting with `## <title>` in the results file (or appends it). */
function writeSection(section: string): void {
  const title = section.split('\n')[0]!;
  const existing = existsSync(RESULT_FILE) ? readFileSync(RESULT_FILE, 'utf8') : '# Scale-out and database restart (`npm run bench:scale`, `npm run bench:restart`)\n\n';
  const parts = existing.split(/(?=^## )/m);
  const index = parts.findIndex((p) => p.startsWith(title));
  if (index >= 0) parts[index] = `${section}\n`;
  else parts.push(`${section}\n`);
  writeFileSync(RESULT_FILE, parts.join(''));
  log(`wrote ${RESULT_FILE}`);
}

async function main(): Promise<number> {
  const [scenario, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      workers: { type: 'string', default: '1,2' }, instances: { type: 'string' }, devices: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '15' }, contacts: { type: 'string' }, before: { type: 'string', default: '8' },
      down: { type: 'string', default: '6' }, after: { type: 'string', default: '10' }, 'no-write': { type: 'boolean', default: false },
    },
  });
  const devices = Number(values.devices);
  if (scenario === 'load') {
    const o = { devices, seconds: Number(values.seconds), contacts: Number(values.contacts ?? 10_000) };
    const { runs, mysqlVersion } = await runScaleOut({ ...o, workers: numbers(values.workers!), instances: numbers(values.instances ?? '2'), log });
    const section = loadSection(runs, o, mysqlVersion);
    console.log(`\n${section}`);
    if (!values['no-write']) writeSection(section);
    return runs.some((r) => r.errors > 0) ? 1 : 0;
  }
  if (scenario === 'restart') {
    const o = { before: Number(values.before), down: Number(values.down), after: Number(values.after), contacts: Number(values.contacts ?? 2000) };
    const r = await runRestartUnderLoad({ instances: Number(values.instances ?? 2), devices, contacts: o.contacts, beforeSeconds: o.before, downSeconds: o.down, afterSeconds: o.after, log });
    const section = restartSection(r, o);
    console.log(`\n${section}`);
    if (!values['no-write']) writeSection(section);
    const bad = r.lostCreates + r.lostDeletes + r.refusedButWritten + r.duplicateUids + r.webAppChangesMissing + r.devicesWhoseSyncDiffers +
      r.serverErrorsAnyTime + r.whileDownWithoutRetryAfter + Object.values(r.errorsOutsideOutage).reduce((a, b) => a + b, 0) + (r.instances - r.instancesAlive);
    return bad > 0 ? 1 : 0;
  }
  console.error('usage: tsx bench/scale.ts load|restart [options] (see the file header)');
  return 2;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(2);
});
