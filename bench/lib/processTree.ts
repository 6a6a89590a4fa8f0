import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** The pids of `pid` and all its descendants (Linux /proc), e.g. a cluster primary and its workers. */
export function processTree(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  const children = existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
  return [pid, ...children.flatMap(processTree)];
}

/** CPU seconds (user + system) of one process so far, 0 when it is gone. */
export function cpuSecondsOf(pid: number): number {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return 0;
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/**
 * CPU seconds of a process tree, summed over the processes seen alive at each reading: a worker's
 * CPU stays counted after it has been seen once (workers outlive the measurement).
 */
export function treeCpuMeter(pid: number): () => number {
  const last = new Map<number, number>();
  return () => {
    for (const p of processTree(pid)) last.set(p, Math.max(last.get(p) ?? 0, cpuSecondsOf(p)));
    return [...last.values()].reduce((a, b) => a + b, 0);
  };
}

/** The local MariaDB/MySQL server's pid (to read its CPU time), or null when it is elsewhere or not visible. */
export function localDatabasePid(): number | null {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      const pid = Number(execFileSync('pgrep', ['-o', '-x', name], { encoding: 'utf8' }).trim());
      if (pid > 0) return pid;
    } catch {
      // not running under this name
    }
  }
  return null;
}
