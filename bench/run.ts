/**
 * `npm run bench` — the BrokerStar DAV benchmark suite (see README "Benchmark").
 *
 *   --db sqlite|mysql|both   databases (default both)
 *   --sizes 1000,10000       address book sizes (default 1000,10000,100000)
 *   --quick                  fewer repetitions, 10 s load
 *   --smoke                  tiny sizes, no targets, no results files, < 60 s (`npm run bench:smoke`)
 *   --only a,b               scenario groups: discovery,poll,fullsync,incremental,calendar,write,load
 *   --load-size N            the size at which the load scenario runs (default 10000, else the largest)
 *   --load-seconds S         duration of each load run (default 20)
 *   --devices 20,200         device counts of the load scenario
 *   --cpu-prof DIR           write a V8 CPU profile of each server process into DIR
 *   --no-write               do not write bench/results
 */
import { parseArgs } from 'node:util';
import { runBench, type BenchOptions } from './lib/bench.ts';
import type { DbName } from './lib/environment.ts';
import { checkTargets, gitCommit, latestResultFiles, machine, markdown, writeLatestMarkdown, writeResultFile, type ResultFile } from './lib/report.ts';

export function parseOptions(argv: readonly string[]): BenchOptions & { write: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      db: { type: 'string', default: 'both' },
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      only: { type: 'string' },
      'load-size': { type: 'string' },
      'load-seconds': { type: 'string' },
      devices: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'no-write': { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  const db = values.db!;
  if (!['sqlite', 'mysql', 'both'].includes(db)) throw new Error(`--db must be sqlite, mysql or both (got ${db})`);
  const databases: DbName[] = db === 'both' ? ['sqlite', 'mysql'] : [db as DbName];
  const mode: BenchOptions['mode'] = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full';
  const list = (s: string | undefined) => (s ? s.split(',').map((x) => Number(x.trim())).filter((x) => Number.isInteger(x) && x > 0) : undefined);
  const sizes = list(values.sizes) ?? (mode === 'smoke' ? [300] : [1000, 10_000, 100_000]);
  const loadDevices = list(values.devices) ?? (mode === 'smoke' ? [3, 6] : [20, 200]);
  const loadSize = values['load-size'] ? Number(values['load-size']) : sizes.includes(10_000) ? 10_000 : sizes[sizes.length - 1]!;
  return {
    databases,
    sizes,
    events: mode === 'smoke' ? 200 : 5000,
    tasks: mode === 'smoke' ? 50 : 2000,
    mode,
    loadDevices,
    loadSeconds: values['load-seconds'] ? Number(values['load-seconds']) : mode === 'smoke' ? 2 : mode === 'quick' ? 10 : 20,
    loadSize,
    ...(values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {}),
    ...(values.only ? { only: values.only.split(',').map((s) => s.trim()) } : {}),
    write: !values['no-write'] && mode !== 'smoke',
    log: (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  const commit = gitCommit();
  options.log(`BrokerStar DAV bench (${options.mode}): ${options.databases.join(', ')}; sizes ${options.sizes.join(', ')}; load ${options.loadDevices.join('/')} devices × ${options.loadSeconds} s at ${options.loadSize}`);
  const results = await runBench(options);
  const files: ResultFile[] = results.map((result) => ({
    date: started.toISOString().slice(0, 10),
    commit,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: options.mode,
    machine: machine(),
    options: { sizes: options.sizes, events: options.events, tasks: options.tasks, loadDevices: options.loadDevices, loadSeconds: options.loadSeconds, loadSize: options.loadSize },
    result,
    targets: options.mode === 'smoke' ? [] : checkTargets(result),
  }));
  if (options.write) {
    for (const f of files) options.log(`wrote ${writeResultFile(f)}`);
    options.log(`wrote ${writeLatestMarkdown()}`);
    console.log(`\n${markdown(latestResultFiles())}`);
  } else {
    console.log(`\n${markdown(files)}`);
  }
  const failures = results.flatMap((r) => r.sizes.flatMap((s) => s.failures.map((f) => `${r.db} ${s.contacts}: ${f}`)));
  options.log(`finished in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s; ${failures.length} failed checks`);
  for (const f of failures) console.error(`FAILED ${f}`);
  return failures.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  main().then((code) => process.exit(code), (err: unknown) => {
    console.error(err);
    process.exit(2);
  });
}
