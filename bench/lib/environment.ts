/**
 * The bench's surroundings: a fresh database per run, the operator CLI as a separate process, and
 * the server as a separate process (the production entry point, compiled as `npm start` runs it), sampled via /proc.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import { captureOutputTail } from './outputTail.ts';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const TMP = join(REPO, 'bench', 'tmp');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

export type DbName = 'sqlite' | 'mysql';

export interface BenchDatabase {
  readonly name: DbName;
  /** DATABASE_URL for the CLI and the server. */
  readonly url: string;
  /** The bench's own connection, for SQL edits "as the BrokerStar web app" and for checks. */
  knex(): Knex;
  drop(): Promise<void>;
}

export const MYSQL_SERVER = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const MYSQL_DB = process.env.BENCH_MYSQL_DB ?? 'bsdav_bench';

/** The server's URL with `database` as its path; its query (e.g. `?socketPath=…`) kept. */
export function mysqlUrl(database: string): string {
  const url = new URL(MYSQL_SERVER);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Drops and recreates the bench database (MySQL `bsdav_bench`, or `mysqlDb` for scenarios that may run
 * beside the main bench; or a SQLite file in bench/tmp).
 */
export async function freshDatabase(name: DbName, label: string, mysqlDb = MYSQL_DB): Promise<BenchDatabase> {
  mkdirSync(TMP, { recursive: true });
  if (name === 'sqlite') {
    const file = join(TMP, `bench-${label}.sqlite`);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    let k: Knex | undefined;
    return {
      name,
      url: `sqlite:${file}`,
      knex: () => (k ??= knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true,
        pool: { min: 1, max: 1, afterCreate: (c: { pragma(s: string): unknown }, done: (e: Error | null, c: unknown) => void) => {
          c.pragma('journal_mode = WAL'); c.pragma('foreign_keys = ON'); c.pragma('busy_timeout = 5000'); done(null, c);
        } } })),
      async drop() {
        await k?.destroy();
        k = undefined;
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
      },
    };
  }
  const admin = knexFactory({ client: 'mysql2', connection: { uri: mysqlUrl('') } as never });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS \`${mysqlDb}\``);
    await admin.raw(`CREATE DATABASE \`${mysqlDb}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.destroy();
  }
  let k: Knex | undefined;
  return {
    name,
    url: mysqlUrl(mysqlDb),
    knex: () => (k ??= knexFactory({ client: 'mysql2', connection: { uri: mysqlUrl(mysqlDb), timezone: 'Z', dateStrings: true } as never, pool: { min: 0, max: 4 } })),
    async drop() {
      await k?.destroy();
      k = undefined;
      // Left in place for inspection until the next run drops it; only the bench's own connection closes.
    },
  };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** `npm run cli -- <args>` as the operator runs it (tsx src/cli/main.ts), against `databaseUrl`. */
export function runCliProcess(databaseUrl: string, args: readonly string[], timeoutMs = 600_000): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(TSX, ['src/cli/main.ts', ...args], {
      cwd: REPO,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = { code: code ?? -1, stdout, stderr, ms: performance.now() - started };
      if (result.code !== 0) reject(new Error(`cli ${args.join(' ')} failed (${result.code}): ${stderr || stdout}`));
      else resolvePromise(result);
    });
  });
}

export interface ServerProcess {
  readonly pid: number;
  readonly origin: string;
  readonly startMs: number;
  /** VmHWM (peak RSS since start) and VmRSS in MB. */
  memory(): { hwmMb: number; rssMb: number };
  /** CPU seconds (user + system) the server process used so far. */
  cpuSeconds(): number;
  /** Starts sampling VmRSS every `everyMs`; returns a stop function giving the highest sample. */
  sampleRss(everyMs?: number): () => number;
  stop(): Promise<void>;
  readonly log: () => string;
}

let compiled = false;

/** The node flags of `npm start` (package.json), e.g. the heap budget, so that the bench measures them. */
export function startNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const m = /\bexec node ((?:--\S+ )*)dist\/src\/main\.js\b/.exec(start);
  if (!m) throw new Error(`package.json "start" does not run node [flags] dist/src/main.js: ${start}`);
  return m[1]!.trim().split(' ').filter((f) => f !== '');
}

/**
 * The server runs as `npm start` runs it: the compiled JavaScript (`dist/`) with the same node
 * flags, built once per bench process from the current sources. `BENCH_SERVER=tsx` runs the
 * TypeScript sources through tsx instead (no build; tsx's loader adds ~30 MB of memory and changes
 * the profile's file names).
 */
function serverEntry(): string[] {
  if (process.env.BENCH_SERVER === 'tsx') return [...startNodeFlags(), '--import', 'tsx', 'src/main.ts'];
  if (!compiled) {
    const build = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    compiled = true;
  }
  return [...startNodeFlags(), 'dist/src/main.js'];
}

/**
 * Starts the server in its own node process (the pid is the server's own, not a wrapper's),
 * production settings, no demo seeding, on an ephemeral loopback port.
 */
export async function startServerProcess(databaseUrl: string, options: { cpuProfDir?: string; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const entry = serverEntry();
  const started = performance.now();
  const nodeArgs: string[] = [];
  if (options.cpuProfDir) {
    mkdirSync(options.cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfDir);
  }
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: REPO,
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: '0', NODE_ENV: 'production', ...(options.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = captureOutputTail(child);
  const origin = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${log()}`)), 60_000);
    const poll = setInterval(() => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(log());
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolvePromise(m[1]!.replace('localhost', '127.0.0.1'));
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log()}`));
    });
  });
  const pid = child.pid!;
  const status = () => {
    const text = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
    return { hwmMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  };
  return {
    pid,
    origin,
    startMs: performance.now() - started,
    memory: status,
    cpuSeconds() {
      const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
    },
    sampleRss(everyMs = 100) {
      let peak = status().rssMb;
      const timer = setInterval(() => (peak = Math.max(peak, status().rssMb)), everyMs);
      return () => {
        clearInterval(timer);
        return Math.max(peak, status().rssMb);
      };
    },
    log,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
