import cluster, { type Worker } from 'node:cluster';
import type { AppConfig } from '../config/default.ts';
import type { DavLogger } from './adapters/http/observability/index.ts';

/** Environment of a forked worker: its slot (0…N-1) and whether it prints the start-up banner. */
export const WORKER_SLOT_VARIABLE = 'BROKERSTAR_DAV_WORKER_SLOT';
export const WORKER_BANNER_VARIABLE = 'BROKERSTAR_DAV_WORKER_BANNER';

/** What the primary asks a worker over IPC: finish what is in flight and exit (see gracefulClose.ts). */
export const SHUTDOWN_MESSAGE = 'brokerstar-dav:shutdown';

/** A worker that dies sooner than this after its start counts as a failed start. */
const STABLE_AFTER_MS = 10_000;
/** After this many failed starts in a row the primary gives up (a broken configuration, not a crash). */
const MAX_FAILED_STARTS = 5;
const RESTART_DELAY_MS = 1000;

/**
 * The primary of `WORKERS=N` (node:cluster): forks N worker processes that share the port (each runs
 * the whole server over the same database; the plugin keeps no state between requests), restarts a
 * worker that dies, and on SIGTERM/SIGINT asks every worker to shut down gracefully, then exits. The
 * first worker starts alone and migrates the database; the others start once it is listening, so
 * migrations never run concurrently and only the first one prints the banner.
 */
export function runPrimary(config: AppConfig, logger: DavLogger): Promise<void> {
  const slots = new Map<Worker, { slot: number; startedAt: number }>();
  const failedStarts = new Array<number>(config.workers).fill(0);
  let stopping = false;
  let finish: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const fork = (slot: number, banner: boolean): Worker => {
    const worker = cluster.fork({ [WORKER_SLOT_VARIABLE]: String(slot), [WORKER_BANNER_VARIABLE]: banner ? '1' : '0' });
    slots.set(worker, { slot, startedAt: Date.now() });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const entry = slots.get(worker);
    slots.delete(worker);
    if (stopping) {
      if (slots.size === 0) {
        logger.info({}, 'all workers stopped');
        finish();
      }
      return;
    }
    if (!entry) return;
    const quick = Date.now() - entry.startedAt < STABLE_AFTER_MS;
    failedStarts[entry.slot] = quick ? (failedStarts[entry.slot] ?? 0) + 1 : 0;
    if ((failedStarts[entry.slot] ?? 0) >= MAX_FAILED_STARTS) {
      logger.error({ slot: entry.slot, code, signal }, `worker failed ${MAX_FAILED_STARTS} times right after starting: giving up`);
      stopAll('worker start failures');
      return;
    }
    logger.error({ slot: entry.slot, pid: worker.process.pid, code, signal }, 'worker died: starting a new one');
    setTimeout(() => {
      if (!stopping) fork(entry.slot, false);
    }, quick ? RESTART_DELAY_MS : 0);
  });

  const stopAll = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason, workers: slots.size, graceMs: config.shutdownGraceMs }, 'shutting down all workers');
    if (slots.size === 0) finish();
    for (const worker of slots.keys()) {
      if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
      else worker.process.kill('SIGTERM');
    }
    // A worker that does not finish within its grace period (plus start-up/close slack) is killed.
    setTimeout(() => {
      for (const worker of slots.keys()) worker.process.kill('SIGKILL');
    }, config.shutdownGraceMs + 10_000).unref();
  };

  let signals = 0;
  const onSignal = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: killing the workers at once');
      for (const worker of slots.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    stopAll(signal);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  logger.info({ workers: config.workers }, `starting ${config.workers} worker processes`);
  const first = fork(0, true);
  first.once('listening', () => {
    for (let slot = 1; slot < config.workers && !stopping; slot++) fork(slot, false);
  });
  return finished;
}

/** In a worker: whether it prints the start-up banner (only the first worker's first start does). */
export function printsBanner(): boolean {
  return !cluster.isWorker || process.env[WORKER_BANNER_VARIABLE] === '1';
}

/**
 * In a worker: calls `stop` when the primary asks for a shutdown or disappears (its IPC channel
 * closes), so no worker outlives the primary.
 */
export function onPrimaryShutdown(stop: (reason: string) => void): void {
  if (!cluster.isWorker) return;
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE) stop('primary');
  });
  process.on('disconnect', () => stop('primary gone'));
}
