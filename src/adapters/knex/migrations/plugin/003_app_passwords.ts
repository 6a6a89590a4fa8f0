import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { pluginTable } from './pluginTable.ts';

/**
 * Per-device app passwords (setup page, `brokerstar-dav app-password`) and the server secrets every
 * instance on this database shares (the setup page's CSRF key). Plugin tables only; `user_id`
 * holds a CRM user id without a foreign key, like the other plugin tables.
 */
export const APP_PASSWORDS_TABLE = 'dav_app_passwords';
export const SERVER_SECRETS_TABLE = 'dav_server_secrets';
/** The tables of this migration, to drop on uninstall. */
export const APP_PASSWORD_TABLES = [APP_PASSWORDS_TABLE, SERVER_SECRETS_TABLE] as const;

export async function up(knex: Knex): Promise<void> {
  const table = (name: string, build: (t: Knex.CreateTableBuilder) => void) => pluginTable(knex, name, build);
  await table(APP_PASSWORDS_TABLE, (t) => {
    t.increments('id');
    t.bigInteger('user_id').unsigned().notNullable();
    t.string('label', 100).notNullable();
    t.string('lookup', 16).notNullable();
    t.string('hash', 100).notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('last_used_at', { precision: 3 }).nullable();
    t.string('last_client', 40).nullable();
    t.unique(['lookup'], { indexName: `${APP_PASSWORDS_TABLE}_lookup` });
    t.unique(['user_id', 'label'], { indexName: `${APP_PASSWORDS_TABLE}_user_label` });
  });
  await table(SERVER_SECRETS_TABLE, (t) => {
    t.string('name', 64).primary();
    t.string('value', 128).notNullable();
  });
  // Created here, once: every instance that connects later reads the same key.
  await knex(SERVER_SECRETS_TABLE).insert({ name: 'setup-csrf', value: randomBytes(32).toString('base64url') });
}

export async function down(knex: Knex): Promise<void> {
  for (const name of APP_PASSWORD_TABLES) await knex.schema.dropTableIfExists(name);
}
