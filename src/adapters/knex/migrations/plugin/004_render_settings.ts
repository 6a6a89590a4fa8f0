import type { Knex } from 'knex';
import { RENDER_SETTINGS_TABLE } from '../../context/renderSettings.ts';

/** The settings the stored representations were rendered with (issue 13: the customer context). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(RENDER_SETTINGS_TABLE, (t) => {
    t.string('name', 64).primary();
    t.string('value', 2000).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(RENDER_SETTINGS_TABLE);
}
