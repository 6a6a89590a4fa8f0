import type { Knex } from 'knex';
import { runCli } from '../../src/cli/runCli.ts';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** The progress lines the command showed. */
  readonly progress: readonly string[];
}

/** What a test gives the command besides arguments: standard input, or answers to a password prompt. */
export interface CliInput {
  readonly stdin?: string;
  readonly prompts?: readonly string[];
}

/** Runs one CLI command in-process against a test database (already migrated by the harness). */
export async function cli(knex: Knex, ...argv: string[]): Promise<CliRun> {
  return cliWithInput(knex, {}, ...argv);
}

export async function cliWithInput(knex: Knex, input: CliInput, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const prompts = [...(input.prompts ?? [])];
  const code = await runCli(argv, {
    db: async () => knex,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    clock: { now: () => new Date('2026-03-18T10:00:00Z') },
    ...(input.stdin !== undefined ? { stdin: async () => input.stdin! } : {}),
    ...(input.prompts ? { promptSecret: async () => prompts.shift() ?? '' } : {}),
    progress: (text) => progress.push(text),
  });
  return { code, out: out.join('\n'), err: err.join('\n'), progress };
}
