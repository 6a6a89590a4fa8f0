import pino from 'pino';

/** One JSON line the plugin logged. */
export type LogLine = Record<string, unknown>;

/** A pino logger writing into an array, as a host would pass its own logger. */
export function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (text: string) => void lines.push(JSON.parse(text) as LogLine) });
  return { logger, lines };
}
