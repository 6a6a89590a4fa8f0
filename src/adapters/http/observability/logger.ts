import pino, { type Logger } from 'pino';
import { moduleInstalled } from '../../shared/moduleInstalled.ts';

/**
 * The logging surface the plugin uses: a pino instance fits, and so does anything with the same
 * three methods and `child` (the host's own logger), so BrokerStar logs in one stream.
 */
export interface DavLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): DavLogger;
}

export interface LoggerSettings {
  readonly level: string;
  /** `json`: JSON lines (production); `pretty`: readable lines (development). */
  readonly format: 'json' | 'pretty';
}

/** Never written, wherever they turn up in a logged object. */
const REDACT = ['req.headers.authorization', 'headers.authorization', 'authorization', 'password', '*.password'];

/**
 * The stand-alone server's logger. `pretty` uses pino-pretty when installed (a development
 * dependency) and falls back to JSON lines otherwise.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const base = { level: settings.level, redact: { paths: REDACT, censor: '[redacted]' } };
  if (settings.format === 'pretty' && moduleInstalled('pino-pretty')) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } } });
  }
  return pino(base, pino.destination(LINES_TO_STDOUT));
}

/**
 * One line per request written synchronously cost a `write` system call per request (~0.1 ms, a
 * tenth of a small request's CPU); lines are collected up to 4 KB instead and written at least
 * every 250 ms, so a quiet server's log still appears at once to the eye. pino writes what is left
 * when the process exits, also after an uncaught error; only a SIGKILL can lose the last 250 ms.
 */
const LINES_TO_STDOUT = { dest: 1, sync: false, minLength: 4096, periodicFlush: 250 } as const;

/** A logger that writes nothing (plugin default when the host passes none). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
