import type { Knex } from 'knex';
import type { Clock } from '../ports/index.ts';

/** What a command needs from its surroundings; tests pass their own database and capture output. */
export interface CliContext {
  /** Opens (and migrates) the database on first use, so `--help` works without one. */
  readonly db: () => Promise<Knex>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly clock: Clock;
}

/** Left-aligned text table for terminal output. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
