import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

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
  if (settings.format === 'pretty' && prettyAvailable()) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } } });
  }
  return pino(base);
}

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** A logger that writes nothing (plugin default when the host passes none). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
