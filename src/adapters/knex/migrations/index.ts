import type { Knex } from 'knex';
import type { CrmSchema } from '../schema/crmSchema.ts';
import * as davTables from './plugin/001_dav_tables.ts';
import { journalTriggersMigration } from './plugin/002_journal_triggers.ts';
import * as appPasswords from './plugin/003_app_passwords.ts';
import { referenceCrmSchema } from './reference-crm/001_crm_schema.ts';
import { appointmentContactMigration } from './reference-crm/002_appointment_contact.ts';
import { contactCategoriesMigration } from './reference-crm/003_contact_categories.ts';
import { contextTriggersMigration } from './plugin/003_context_triggers.ts';
import * as renderSettingsMigration from './plugin/004_render_settings.ts';
import * as devicesMigration from './plugin/005_devices.ts';

/**
 * The two migration sets, each with its own bookkeeping table so that neither collides with the
 * host's `knex_migrations`:
 * - the plugin's own tables and triggers (`brokerstar_dav_migrations`), what `brokerstar-dav
 *   install` applies to BrokerStar's database;
 * - the reference CRM schema (`brokerstar_crm_reference_migrations`), applied only by the
 *   stand-alone server, the demo and the tests, where no BrokerStar schema exists.
 * Migrations are modules listed here (not files found at run time), so the same code runs from the
 * TypeScript sources and from the compiled package.
 */
export const PLUGIN_MIGRATIONS_TABLE = 'brokerstar_dav_migrations';

/** Every table the plugin migrations create, children first (the order uninstall drops them in). */
export const PLUGIN_TABLES: readonly string[] = [devicesMigration.DEVICES_TABLE, ...appPasswords.APP_PASSWORD_TABLES, ...davTables.PLUGIN_TABLES];
export const REFERENCE_CRM_MIGRATIONS_TABLE = 'brokerstar_crm_reference_migrations';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

function source(migrations: Record<string, Migration>): Knex.MigrationSource<string> {
  return {
    getMigrations: async () => Object.keys(migrations),
    getMigrationName: (name) => name,
    getMigration: async (name) => migrations[name] as Migration,
  };
}

export function pluginMigrations(s: CrmSchema): Knex.MigratorConfig {
  return {
    tableName: PLUGIN_MIGRATIONS_TABLE,
    migrationSource: source({
      '20261201_001_dav_tables': davTables,
      '20261201_002_journal_triggers': journalTriggersMigration(s),
      '20261201_003_app_passwords': appPasswords,
      '20261201_003_context_triggers': contextTriggersMigration(s),
      '20261201_004_render_settings': renderSettingsMigration,
      '20261201_005_devices': devicesMigration,
    }),
  };
}

export function referenceCrmMigrations(s: CrmSchema): Knex.MigratorConfig {
  return {
    tableName: REFERENCE_CRM_MIGRATIONS_TABLE,
    migrationSource: source({
      '20261128_001_crm_schema': referenceCrmSchema(s),
      '20261201_002_appointment_contact': appointmentContactMigration(s),
      '20261201_003_contact_categories': contactCategoriesMigration(s),
    }),
  };
}

/** Stand-alone server and tests: the reference CRM schema, then the plugin on top of it. */
export async function migrateStandalone(knex: Knex, s: CrmSchema): Promise<void> {
  await knex.migrate.latest(referenceCrmMigrations(s));
  await knex.migrate.latest(pluginMigrations(s));
}
