/** The host application's own table: notes shown by GET /notes. */
export async function up(knex) {
  await knex.schema.createTable('host_notes', (t) => {
    t.increments('id');
    t.string('text', 200).notNullable();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex) {
  await knex.schema.dropTable('host_notes');
}
