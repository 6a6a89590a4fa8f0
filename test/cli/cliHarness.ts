import type { Knex } from 'knex';
import { runCli } from '../../src/cli/runCli.ts';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs one CLI command in-process against a test database (already migrated by the harness). */
export async function cli(knex: Knex, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    db: async () => knex,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    clock: { now: () => new Date('2026-03-18T10:00:00Z') },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
