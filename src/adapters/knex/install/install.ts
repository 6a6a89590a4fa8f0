import type { Knex } from 'knex';
import type { CrmSchema } from '../schema/crmSchema.ts';
import { PLUGIN_MIGRATIONS_TABLE, pluginMigrations, referenceCrmMigrations, REFERENCE_CRM_MIGRATIONS_TABLE, PLUGIN_TABLES } from '../migrations/index.ts';
import { pluginTriggerNames } from '../journal/triggers.ts';
import { dialectOf, dropTriggerSql } from '../journal/triggerSql.ts';

/**
 * Installing the plugin into a database that already holds BrokerStar's CRM: only the plugin's own
 * tables, its migrations table and the journal triggers are created or removed here; no CRM table,
 * row or the host's own migrations table is ever touched.
 */

/** The plugin migrations not yet applied, in order. */
export async function pendingPluginMigrations(knex: Knex, s: CrmSchema): Promise<string[]> {
  const config = pluginMigrations(s);
  const all = await config.migrationSource!.getMigrations([]);
  if (!(await knex.schema.hasTable(PLUGIN_MIGRATIONS_TABLE))) return all.map(String);
  const done = new Set((await knex(PLUGIN_MIGRATIONS_TABLE).pluck('name')).map(String));
  return all.map(String).filter((name) => !done.has(name));
}

/** Applies the pending plugin migrations; idempotent. Returns the names applied (empty: nothing to do). */
export async function installPlugin(knex: Knex, s: CrmSchema): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(pluginMigrations(s))) as [number, string[]];
  return applied.map(String);
}

/** Whether every plugin migration has been applied (the plugin can serve). */
export async function isPluginInstalled(knex: Knex, s: CrmSchema): Promise<boolean> {
  return (await pendingPluginMigrations(knex, s)).length === 0;
}

export interface UninstallReport {
  readonly triggers: string[];
  readonly tables: string[];
}

/** Removes the triggers, the plugin tables and the plugin's migrations bookkeeping. */
export async function uninstallPlugin(knex: Knex): Promise<UninstallReport> {
  const d = dialectOf(knex);
  const existing = new Set(await listTriggers(knex));
  const triggers = pluginTriggerNames(d).filter((name) => existing.has(name));
  for (const name of triggers) await knex.raw(dropTriggerSql(name));
  const tables: string[] = [];
  for (const table of [...PLUGIN_TABLES, PLUGIN_MIGRATIONS_TABLE, `${PLUGIN_MIGRATIONS_TABLE}_lock`]) {
    if (await knex.schema.hasTable(table)) {
      await knex.schema.dropTable(table);
      tables.push(table);
    }
  }
  return { triggers, tables };
}

/** Names of the triggers in the connected database. */
export async function listTriggers(knex: Knex): Promise<string[]> {
  if (dialectOf(knex) === 'mysql') {
    const [rows] = await knex.raw('SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()');
    return (rows as Array<{ n: string }>).map((r) => r.n);
  }
  return (await knex('sqlite_master').where('type', 'trigger').select('name as n')).map((r: { n: string }) => r.n);
}

/**
 * The stand-alone server, the demo and the tests, where no BrokerStar exists: an empty database (or
 * one created this way before) gets the reference CRM schema, then the plugin. A database that
 * already holds BrokerStar's CRM tables keeps them untouched; the plugin is installed on top when
 * `installOnHost` is set (the stand-alone server migrates itself). `onPluginInstalledOverCrm` hears
 * of plugin migrations applied where the reference CRM tables already were (after `uninstall`, or an
 * update): a rehearsal of `install` on such a database would otherwise be spoilt without a word.
 */
export async function prepareStandaloneDatabase(
  knex: Knex, s: CrmSchema, options: { installOnHost: boolean; onPluginInstalledOverCrm?: (migrations: readonly string[]) => void },
): Promise<'reference' | 'host'> {
  await refuseLegacyLayout(knex);
  const ours = await knex.schema.hasTable(REFERENCE_CRM_MIGRATIONS_TABLE);
  const crmExists = await knex.schema.hasTable(s.t('users'));
  if (ours || !crmExists) {
    await knex.migrate.latest(referenceCrmMigrations(s));
    const applied = await installPlugin(knex, s);
    if (crmExists && applied.length > 0) options.onPluginInstalledOverCrm?.(applied);
    return 'reference';
  }
  if (options.installOnHost) await installPlugin(knex, s);
  return 'host';
}

/** Development databases made before the plugin had its own migrations table cannot be upgraded in place. */
async function refuseLegacyLayout(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('knex_migrations'))) return;
  const legacy = await knex('knex_migrations').where('name', 'like', '20261128_00%').first('name');
  if (legacy) {
    throw new Error('This database was created by a development version of BrokerStar DAV (CRM and DAV tables under ' +
      '"knex_migrations"). Recreate it: for the embedded default delete ./data/brokerstar-dav.sqlite.');
  }
}
