import type { ChildProcess } from 'node:child_process';

/**
 * Collects a child's stdout and stderr, keeping only the recent tail (servers log a line per
 * request; the tail is what error messages need). Returns a reader of what was kept.
 */
export function captureOutputTail(child: ChildProcess): () => string {
  let log = '';
  const append = (d: Buffer) => {
    log += d.toString();
    if (log.length > 256 * 1024) log = log.slice(-64 * 1024);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  return () => log;
}
