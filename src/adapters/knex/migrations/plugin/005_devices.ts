import type { Knex } from 'knex';
import { pluginTable } from './pluginTable.ts';

/** Devices seen per user (`DeviceActivity`, shown by `brokerstar-dav diagnose`). */
export const DEVICES_TABLE = 'dav_devices';

export async function up(knex: Knex): Promise<void> {
  await pluginTable(knex, DEVICES_TABLE, (t) => {
    t.increments('id');
    t.bigInteger('user_id').unsigned().notNullable();
    t.string('user_agent', 255).notNullable();
    t.string('client_family', 32).notNullable();
    t.datetime('last_seen_at', { precision: 3 }).notNullable();
    t.datetime('last_sync_at', { precision: 3 }).nullable();
    t.bigInteger('last_token_seq').nullable();
    t.unique(['user_id', 'user_agent'], { indexName: 'dav_devices_user_agent' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(DEVICES_TABLE);
}
