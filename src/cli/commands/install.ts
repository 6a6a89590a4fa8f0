import { checkInstall } from '../../adapters/knex/install/check.ts';
import { installPlugin, uninstallPlugin } from '../../adapters/knex/install/install.ts';
import { pruneHistory } from '../../adapters/knex/journal/retention.ts';
import { CrmSchema } from '../../adapters/knex/schema/crmSchema.ts';
import { CliError } from '../CliError.ts';
import type { CliContext } from '../io.ts';
import { noExtraPositionals, parse } from './args.ts';
import { parseDuration } from './duration.ts';

const connect = (ctx: CliContext) => (ctx.connect ?? ctx.db)();
const schemaOf = (ctx: CliContext) => ctx.schema ?? CrmSchema.reference;

/** `install [--check]`: adds the plugin's tables and triggers to BrokerStar's database (idempotent). */
export async function installCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parse(args, { check: { type: 'boolean' } });
  noExtraPositionals(positionals, 0, 'install [--check]');
  const knex = await connect(ctx);
  const report = await checkInstall(knex, schemaOf(ctx));
  for (const w of report.warnings) ctx.out(`Warning: ${w}`);
  if (values.check) {
    for (const b of report.blockers) ctx.out(`Problem: ${b}`);
    if (report.installed) ctx.out('Installed: the plugin tables and triggers are up to date; install would do nothing.');
    else {
      ctx.out('install would create:');
      ctx.out(`  migrations (recorded in brokerstar_dav_migrations): ${report.plan.migrations.join(', ')}`);
      ctx.out(`  tables: ${report.plan.tables.join(', ') || '-'}`);
      ctx.out(`  triggers (they write only into the plugin's tables):`);
      for (const t of report.plan.triggers) ctx.out(`    ${t.name.padEnd(36)} ${t.event} ON ${t.table}`);
      ctx.out('No CRM table, row or the host\'s migrations table is created, altered or dropped.');
    }
    ctx.out(report.blockers.length === 0 ? 'Check passed: nothing was changed.' : 'Check failed: nothing was changed.');
    if (report.blockers.length > 0) throw new CliError(`${report.blockers.length} problem(s) must be solved before install.`);
    return;
  }
  if (report.blockers.length > 0) {
    for (const b of report.blockers) ctx.err(`Problem: ${b}`);
    throw new CliError('Install refused; nothing was changed. Run "install --check" for the details.');
  }
  const applied = await installPlugin(knex, schemaOf(ctx));
  if (applied.length === 0) ctx.out('Already installed: nothing to do.');
  else {
    ctx.out(`Installed: ${applied.join(', ')}.`);
    ctx.out(`  tables: ${report.plan.tables.join(', ')}`);
    ctx.out(`  triggers: ${report.plan.triggers.length} on ${new Set(report.plan.triggers.map((t) => t.table)).size} CRM tables`);
  }
}

/** `uninstall`: removes the plugin's triggers and tables; BrokerStar's tables and rows stay as they are. */
export async function uninstallCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const { positionals } = parse(args, {});
  noExtraPositionals(positionals, 0, 'uninstall');
  const removed = await uninstallPlugin(await connect(ctx));
  if (removed.tables.length === 0 && removed.triggers.length === 0) {
    ctx.out('Nothing to remove: the plugin is not installed.');
    return;
  }
  ctx.out(`Removed ${removed.triggers.length} triggers and the tables ${removed.tables.join(', ')}.`);
  ctx.out('Devices syncing with BrokerStar DAV must be set up again after a new install (their sync state is gone).');
}

/** `prune [--older-than 30d]`: journal retention by hand (the server also prunes on its own). */
export async function pruneCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parse(args, { 'older-than': { type: 'string' } });
  noExtraPositionals(positionals, 0, 'prune [--older-than 30d]');
  const age = parseDuration(values['older-than'] ?? '30d', '--older-than');
  const before = new Date(ctx.clock.now().getTime() - age);
  const result = await pruneHistory(await connect(ctx), before);
  if (result.prunedThroughSeq === 0) {
    ctx.out(`Nothing older than ${before.toISOString()} to prune.`);
    return;
  }
  ctx.out(`Pruned the change history before ${before.toISOString()} (through #${result.prunedThroughSeq}): ` +
    `${result.journalEntries} journal entries, ${result.removedMembers} removed-member records, ${result.tombstones} tombstones. ` +
    'Devices holding an older sync token re-sync fully.');
}
