import type { Knex } from 'knex';
import { loadConfig } from './config/default.ts';
import { knexConfig } from './src/adapters/knex/knexConfig.ts';
import { loadCrmSchema } from './src/adapters/knex/schema/crmSchema.ts';

/**
 * `npx knex migrate:latest` applies the plugin's own migrations (table `brokerstar_dav_migrations`)
 * to DATABASE_URL (mysql://…) or the embedded SQLite file, on the CRM names of CRM_SCHEMA_FILE.
 * It never creates CRM tables: `brokerstar-dav install` does the same with a check first.
 */
const config = loadConfig();
const knexfile: Knex.Config = knexConfig(config.database, await loadCrmSchema(config.crmSchemaFile));
export default knexfile;
