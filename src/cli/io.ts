import type { Knex } from 'knex';
import type { Clock } from '../ports/index.ts';

/** What a command needs from its surroundings; tests pass their own database and capture output. */
export interface CliContext {
  /** Opens (and migrates) the database on first use, so `--help` works without one. */
  readonly db: () => Promise<Knex>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly clock: Clock;
  /** All of standard input, for `--password-stdin` (absent: no input available). */
  readonly stdin?: () => Promise<string>;
  /** Asks for a secret on the terminal without echoing it (absent when there is no terminal). */
  readonly promptSecret?: (question: string) => Promise<string>;
  /** A progress line for long commands (`seed`); replaced in place on a terminal. */
  readonly progress?: (text: string) => void;
}

/** Left-aligned text table for terminal output. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
