import type { Knex } from 'knex';
import { generateContacts } from '../../adapters/knex/seed/contactGenerator.ts';
import { generateAppointments, generateTasks } from '../../adapters/knex/seed/calendarGenerator.ts';
import { writeAppointments, writeContacts, writeTasks, type RowCounts } from '../../adapters/knex/seed/bulkWriter.ts';
import { seedDemo } from '../../adapters/knex/seed/demoSeeder.ts';

import { CliError } from '../CliError.ts';
import { directoryOf, type CliContext } from '../io.ts';
import { count, login, noExtraPositionals, parse, requireString } from './args.ts';

const USAGE = 'seed --demo | seed [--contacts N] [--events M] [--tasks K] --user LOGIN [--seed-value S] [--batch-size B]';
export const DEFAULT_SEED_VALUE = 42;

export async function seedCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parse(args, {
    demo: { type: 'boolean' },
    contacts: { type: 'string' },
    events: { type: 'string' },
    tasks: { type: 'string' },
    user: { type: 'string' },
    'seed-value': { type: 'string' },
    'batch-size': { type: 'string' },
  });
  noExtraPositionals(positionals, 0, USAGE);
  const bulk = values.contacts !== undefined || values.events !== undefined || values.tasks !== undefined;
  if (values.demo && bulk) throw new CliError(`Give either --demo or --contacts/--events/--tasks. Usage: ${USAGE}`, true);
  if (values.demo) return demo(ctx);
  if (!bulk) throw new CliError(`Nothing to seed. Usage: ${USAGE}`, true);

  const wanted = { contacts: count(values.contacts, 'contacts'), events: count(values.events, 'events'), tasks: count(values.tasks, 'tasks') };
  const seedValue = values['seed-value'] === undefined ? DEFAULT_SEED_VALUE : count(values['seed-value'], 'seed-value');
  const batchSize = values['batch-size'] === undefined ? 1000 : count(values['batch-size'], 'batch-size');
  if (batchSize < 1 || batchSize > 2000) throw new CliError('--batch-size must be between 1 and 2000.');
  const owner = login(requireString(values.user, 'user'));

  const knex = await ctx.db();
  const user = await (await directoryOf(ctx)).findByLogin(owner);
  if (!user) throw new CliError(`Unknown user "${owner}".`);

  const reference = ctx.clock.now();
  const counts: RowCounts = {};
  const journalBefore = await journalSize(knex);
  const started = performance.now();
  const progress = (what: string, total: number) => (written: number) => ctx.progress?.(
    `seed: ${what} ${written}/${total} (${Math.round((100 * written) / Math.max(total, 1))} %), ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const contactIds = await writeContacts(knex, user.id, generateContacts(seedValue, wanted.contacts), counts,
    { batchSize, onProgress: progress('contacts', wanted.contacts) });
  const contactsDone = performance.now();
  await writeAppointments(knex, user.id, [user.id], generateAppointments(seedValue, wanted.events, reference), counts,
    { batchSize, onProgress: progress('appointments', wanted.events) });
  await writeTasks(knex, user.id, [user.id], generateTasks(seedValue, wanted.tasks, reference, contactIds.length), contactIds, counts,
    { batchSize, onProgress: progress('tasks', wanted.tasks) });
  ctx.progress?.(''); // clears the line on a terminal
  const seconds = (performance.now() - started) / 1000;
  const journalAfter = await journalSize(knex);
  if (journalBefore !== null && journalAfter !== null) counts['dav_change_journal (by triggers)'] = journalAfter - journalBefore;

  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  ctx.out(`Seeded for ${user.login} (seed value ${seedValue}) in ${seconds.toFixed(1)} s ` +
    `(contacts: ${((contactsDone - started) / 1000).toFixed(1)} s), ${total} rows:`);
  const width = Math.max(...Object.keys(counts).map((table) => table.length));
  for (const [table, n] of Object.entries(counts)) ctx.out(`  ${table.padEnd(width)} ${String(n).padStart(8)}`);
}

async function demo(ctx: CliContext): Promise<void> {
  const started = performance.now();
  const result = await seedDemo(await ctx.db(), ctx.clock.now());
  if (!result.seeded) {
    ctx.out(`Demo data not loaded: ${result.reason}.`);
    return;
  }
  const rows = Object.entries(result.counts).map(([t, n]) => `${t} ${n}`).join(', ');
  ctx.out(`Demo data loaded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${rows}.`);
  ctx.out('Logins: max.muster, lisa.admin, anna.beispiel, peter.ohne, sandra.keller (password "demo").');
}

/** Rows in the change journal, or `null` before the journal migration exists. */
async function journalSize(knex: Knex): Promise<number | null> {
  if (!(await knex.schema.hasTable('dav_change_journal'))) return null;
  const row = (await knex('dav_change_journal').count({ n: '*' }).first()) as { n: unknown } | undefined;
  return Number(row?.n ?? 0);
}
