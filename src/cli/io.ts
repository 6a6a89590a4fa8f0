import type { Knex } from 'knex';
import type { Container } from 'inversify';
import { TOKENS, type Clock, type UserDirectory } from '../ports/index.ts';
import { buildContainer } from '../container.ts';
import type { CrmSchema } from '../adapters/knex/schema/crmSchema.ts';

/** What a command needs from its surroundings; tests pass their own database and capture output. */
export interface CliContext {
  /**
   * Opens the database on first use, so `--help` works without one. In a database without CRM tables
   * (stand-alone, demo, benchmark) it first creates the reference CRM schema and installs the plugin;
   * BrokerStar's own database is used as it is.
   */
  readonly db: () => Promise<Knex>;
  /** Opens the database without preparing anything (install, check, uninstall, prune). */
  readonly connect?: () => Promise<Knex>;
  /** The installation's CRM names (default: the reference schema). */
  readonly schema?: CrmSchema;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly clock: Clock;
  /** All of standard input, for `--password-stdin` (absent: no input available). */
  readonly stdin?: () => Promise<string>;
  /** Asks for a secret on the terminal without echoing it (absent when there is no terminal). */
  readonly promptSecret?: (question: string) => Promise<string>;
  /** A progress line for long commands (`seed`); replaced in place on a terminal. */
  readonly progress?: (text: string) => void;
  /** How the operator runs this command line, for the hints it prints (default `npx brokerstar-dav`). */
  readonly invocation?: string;
}

/** The command to show in hints: `npx brokerstar-dav` where the package is installed, `npm run cli --` in its repository. */
export const invocationOf = (ctx: CliContext): string => ctx.invocation ?? 'npx brokerstar-dav';

/** Left-aligned text table for terminal output. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The ports over the command's database, on the installation's CRM names (one place for every command). */
export async function containerOf(ctx: CliContext): Promise<Container> {
  return buildContainer({ knex: await ctx.db(), ...(ctx.schema ? { schema: ctx.schema } : {}) });
}

/** The user directory over the command's database. */
export async function directoryOf(ctx: CliContext): Promise<UserDirectory> {
  return (await containerOf(ctx)).get(TOKENS.UserDirectory);
}
