/** Results files (JSON per database) and the markdown summary with the performance targets. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { BenchOptions, DbResult, SizeResult } from './bench.ts';
import { REPO } from './environment.ts';

export const RESULTS_DIR = join(REPO, 'bench', 'results');

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
}

export function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'config'], { cwd: REPO, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}-dirty` : head;
  } catch {
    return 'unknown';
  }
}

export function machine(): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export interface ResultFile {
  readonly date: string;
  /** `git rev-parse HEAD` (+ "-dirty" with uncommitted changes under src/ or config/) when the run started. */
  readonly commit?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly mode: BenchOptions['mode'];
  readonly machine: Machine;
  readonly options: { sizes: readonly number[]; events: number; tasks: number; loadDevices: readonly number[]; loadSeconds: number; loadSize: number | null };
  readonly result: DbResult;
  readonly targets: TargetCheck[];
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

const find = (s: SizeResult | undefined, prefix: string) => s?.scenarios.find((x) => x.name.startsWith(prefix));
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? 'n/a' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 1)} ms`);
const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** The targets (medians) of the benchmark issue, tightened by issue 11, checked per database. `null`: the size was not run. */
export function checkTargets(r: DbResult): TargetCheck[] {
  const size = (n: number) => r.sizes.find((s) => s.contacts === n);
  const s1 = size(1000);
  const s10 = size(10_000);
  const s100 = size(100_000);
  const out: TargetCheck[] = [];
  const add = (target: string, value: number | undefined, ok: (v: number) => boolean, text?: string) =>
    out.push({ target, measured: text ?? ms(value), met: value === undefined || Number.isNaN(value) ? null : ok(value) });

  const poll1 = find(s1, 'unchanged poll, one')?.medianMs;
  const poll100 = find(s100, 'unchanged poll, one')?.medianMs;
  add('unchanged poll ≤ 3 ms (1k, median per request)', poll1, (v) => v <= 3);
  add('unchanged poll at 100k ≤ 1.5 × 1k', poll100 !== undefined && poll1 !== undefined ? poll100 / poll1 : undefined, (v) => v <= 1.5,
    poll100 !== undefined && poll1 !== undefined ? `${ms(poll100)} = ${(poll100 / poll1).toFixed(2)} ×` : 'n/a');

  for (const [label, prefix] of [['unchanged poll', 'server CPU per request: unchanged poll'], ['multiget of 10', 'server CPU per request: DAVx5 multiget']] as const) {
    const cpu = find(s10, prefix)?.extra?.serverCpuMsPerRequest as number | undefined;
    add(`server CPU per ${label} ≤ 0.5 ms (10k)`, cpu, (v) => v <= 0.5);
  }

  const load20 = r.sizes.flatMap((s) => s.load).find((l) => l.devices === 20);
  out.push({
    target: '20 devices ≥ 1 500 req/s, p99 ≤ 50 ms, 0 errors',
    measured: load20 ? `${load20.requestsPerSecond} req/s, p99 ${ms(load20.p99Ms)}, ${load20.errors} errors` : 'n/a',
    met: load20 ? load20.requestsPerSecond >= 1500 && load20.p99Ms <= 50 && load20.errors === 0 : null,
  });

  const OUTLOOK_SYNC = 'initial full sync, Outlook/iOS (PROPFIND Depth 1 + multiget/100)';
  add('initial full sync 10k (PROPFIND + multiget/100) ≤ 2 s', s10?.scenarios.find((x) => x.name === OUTLOOK_SYNC)?.medianMs, (v) => v <= 2000);
  const full100 = s100?.scenarios.find((x) => x.name === OUTLOOK_SYNC)?.medianMs;
  add('initial full sync 100k ≤ 20 s', full100, (v) => v <= 20_000);
  add('server peak RSS during the 100k initial sync (Outlook, cold + warm) ≤ 250 MB', s100?.memory.vmHwmMbAfterOutlookSync, (v) => v <= 250, s100 ? `${s100.memory.vmHwmMbAfterOutlookSync} MB` : 'n/a');
  add('server peak RSS, 100k, incl. DAVx5 + Thunderbird initial syncs ≤ 250 MB', s100?.memory.vmHwmMbAfterInitialSync, (v) => v <= 250, s100 ? `${s100.memory.vmHwmMbAfterInitialSync} MB` : 'n/a');

  for (const [label, prefix] of [['SQL edits', 'incremental sync after 10 SQL'], ['PUT/DELETE', 'incremental sync after 10 PUT']] as const) {
    const i1 = find(s1, prefix)?.medianMs;
    const i100 = find(s100, prefix)?.medianMs;
    add(`incremental sync, 12 changes (${label}) ≤ 20 ms (1k)`, i1, (v) => v <= 20);
    add(`incremental sync, 12 changes (${label}) ≤ 20 ms (100k)`, i100, (v) => v <= 20);
    add(`incremental sync (${label}) at 100k ≤ 2 × 1k`, i100 !== undefined && i1 !== undefined ? i100 / i1 : undefined, (v) => v <= 2,
      i100 !== undefined && i1 !== undefined ? `${ms(i100)} = ${(i100 / i1).toFixed(2)} ×` : 'n/a');
  }

  const worst = (prefix: string) => {
    const values = r.sizes.map((s) => find(s, prefix)?.medianMs).filter((v): v is number => v !== undefined);
    return values.length ? Math.max(...values) : undefined;
  };
  const cq = worst('calendar-query next 30 days (');
  add('calendar-query 30 days, 5 000 appointments ≤ 50 ms (worst size)', cq, (v) => v <= 50);
  const create = worst('PUT contact create');
  const update = worst('PUT contact update');
  add('PUT create ≤ 10 ms (contact, worst size)', create, (v) => v <= 10);
  add('PUT update ≤ 10 ms (contact, worst size)', update, (v) => v <= 10);
  add('PUT create ≤ 10 ms (event, worst size)', worst('PUT event create'), (v) => v <= 10);
  add('PUT update ≤ 10 ms (event, worst size)', worst('PUT event update'), (v) => v <= 10);
  return out;
}

export function writeResultFile(file: ResultFile): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const suffix = file.mode === 'full' ? '' : `-${file.mode}`;
  const sizes = file.options.sizes.join(',') === '1000,10000,100000' ? '' : `-${file.options.sizes.map(k).join('-')}`;
  const path = join(RESULTS_DIR, `${file.date}-${file.result.db}${sizes}${suffix}.json`);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return path;
}

/**
 * Per database, the newest result of every size over all full (else quick) result files, merged
 * into one: a later `--sizes 10000` run replaces only the 10 000 row. Targets are re-checked.
 */
export function latestResultFiles(): ResultFile[] {
  let names: string[] = [];
  try {
    names = readdirSync(RESULTS_DIR).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const files = names.map((n) => JSON.parse(readFileSync(join(RESULTS_DIR, n), 'utf8')) as ResultFile)
    .filter((f) => f.mode !== 'smoke')
    .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
  const out: ResultFile[] = [];
  for (const db of [...new Set(files.map((f) => f.result.db))].sort()) {
    const mine = files.filter((f) => f.result.db === db);
    const pool = mine.some((f) => f.mode === 'full') ? mine.filter((f) => f.mode === 'full') : mine;
    const bySize = new Map<number, { size: SizeResult; file: ResultFile }>();
    for (const file of pool) for (const size of file.result.sizes) bySize.set(size.contacts, { size, file });
    const newest = pool[pool.length - 1]!;
    const sizes = [...bySize.values()].sort((a, b) => a.size.contacts - b.size.contacts);
    const result: DbResult = { db: newest.result.db, dbVersion: newest.result.dbVersion, sizes: sizes.map((x) => x.size) };
    out.push({
      ...newest,
      startedAt: sizes.map((x) => x.file.startedAt).sort()[0] ?? newest.startedAt,
      options: { ...newest.options, sizes: sizes.map((x) => x.size.contacts) },
      result,
      targets: checkTargets(result),
    });
  }
  return out;
}

export function markdown(files: readonly ResultFile[]): string {
  const lines: string[] = [];
  if (files.length === 0) return 'No benchmark results yet.\n';
  const m = files[0]!.machine;
  lines.push(`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.os}.`);
  for (const f of files) lines.push(`${f.result.db}: ${f.result.dbVersion}; commit ${f.commit ?? '?'}; run ${f.startedAt} → ${f.finishedAt} (${f.mode}); ` +
    `${f.options.events} appointments (~10 % recurring), ${f.options.tasks} tasks; server and bench on the same machine (loopback).`);
  lines.push('');
  lines.push('### Targets');
  lines.push('');
  lines.push(`| Target | ${files.map((f) => f.result.db).join(' | ')} |`);
  lines.push(`|---|${files.map(() => '---|').join('')}`);
  const targets = files[0]!.targets.map((t) => t.target);
  for (const target of targets) {
    const cells = files.map((f) => {
      const t = f.targets.find((x) => x.target === target);
      if (!t) return 'n/a';
      return `${t.met === null ? '–' : t.met ? '✅ met' : '❌ missed'} ${t.measured}`;
    });
    lines.push(`| ${target} | ${cells.join(' | ')} |`);
  }
  for (const f of files) {
    lines.push('');
    lines.push(`### ${f.result.db === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB'}: scenarios (median / p95 / max; requests and KB received per run)`);
    lines.push('');
    const sizes = f.result.sizes;
    lines.push(`| Scenario | ${sizes.map((s) => `${k(s.contacts)} contacts`).join(' | ')} |`);
    lines.push(`|---|${sizes.map(() => '---|').join('')}`);
    const names: string[] = [];
    for (const s of sizes) for (const sc of s.scenarios) if (!names.includes(sc.name)) names.push(sc.name);
    for (const name of names) {
      const cells = sizes.map((s) => {
        const sc = s.scenarios.find((x) => x.name === name);
        if (!sc) return '';
        const runs = sc.runs > 1 ? ` / ${ms(sc.p95Ms)} / ${ms(sc.maxMs)}` : '';
        return `${ms(sc.medianMs)}${runs} (${sc.runs}×; ${sc.requests} req, ${Math.round(sc.bytesReceived / 1024)} KB)`;
      });
      lines.push(`| ${name} | ${cells.join(' | ')} |`);
    }
    lines.push(`| server VmHWM after Outlook initial syncs | ${sizes.map((s) => `${s.memory.vmHwmMbAfterOutlookSync} MB`).join(' | ')} |`);
    lines.push(`| server VmHWM after all initial syncs (incl. DAVx5, Thunderbird) | ${sizes.map((s) => `${s.memory.vmHwmMbAfterInitialSync} MB`).join(' | ')} |`);
    lines.push(`| set-up: seed (CLI) / server start | ${sizes.map((s) => `${s.setup.seedSeconds} s / ${s.setup.serverStartSeconds} s`).join(' | ')} |`);
    lines.push(`| machine load average (1/5/15 min) at start → end | ${sizes.map((s) => `${s.setup.loadAverageAtStart ?? '?'} → ${s.setup.loadAverageAtEnd ?? '?'}`).join(' | ')} |`);
    const loads = sizes.flatMap((s) => s.load.map((l) => ({ s, l })));
    if (loads.length) {
      lines.push('');
      lines.push(`Load (${loads[0]!.s.contacts} contacts in the database; each device its own user with 50 shared contacts; one SQL edit of a common contact per second):`);
      lines.push('');
      lines.push('| Devices | Duration | Requests | req/s | p50 | p95 | p99 | max | Errors | Syncs | Server CPU / request | Bench client CPU |');
      lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
      for (const { l } of loads) lines.push(`| ${l.devices} | ${l.seconds} s | ${l.requests} | ${l.requestsPerSecond} | ${ms(l.p50Ms)} | ${ms(l.p95Ms)} | ${ms(l.p99Ms)} | ${ms(l.maxMs)} | ${l.errors} | ${l.syncs} | ${ms(l.serverCpuMsPerRequest)} | ${l.benchClientCpuSeconds} s |`);
    }
    const failures = sizes.flatMap((s) => s.failures.map((x) => `${k(s.contacts)}: ${x}`));
    if (failures.length) {
      lines.push('');
      lines.push('**Failed checks:**');
      for (const x of failures) lines.push(`- ${x}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function writeLatestMarkdown(): string {
  const path = join(RESULTS_DIR, 'latest.md');
  writeFileSync(path, `# BrokerStar DAV benchmark: latest results\n\nGenerated by \`npm run bench\` (bench/run.ts) from the newest JSON file per database in bench/results/.\n\n${markdown(latestResultFiles())}`);
  return path;
}
