import type { Knex } from 'knex';
import { loadConfig } from './config/default.ts';
import { knexConfig } from './src/adapters/knex/knexConfig.ts';

/** `npx knex migrate:latest` uses DATABASE_URL (mysql://…) or the embedded SQLite file. */
const config: Knex.Config = knexConfig(loadConfig().database);
export default config;
