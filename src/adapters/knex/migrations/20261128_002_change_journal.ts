import type { Knex } from 'knex';
import { journalTriggers } from '../journal/triggers.ts';
import { createTriggerSql, dialectOf, dropTriggerSql } from '../journal/triggerSql.ts';

/**
 * The change journal: a sequence row, the journal table and the triggers that write to it (see
 * `journal/triggers.ts`). Entries are numbered from `dav_sequence` rather than AUTO_INCREMENT so that
 * numbers follow commit order (see `emitSql`).
 */
export async function up(knex: Knex): Promise<void> {
  const d = dialectOf(knex);
  const mysqlTable = (t: Knex.CreateTableBuilder) => {
    if (d === 'mysql') {
      t.engine('InnoDB');
      t.charset('utf8mb4');
      t.collate('utf8mb4_bin');
    }
  };

  await knex.schema.createTable('dav_sequence', (t) => {
    mysqlTable(t);
    t.integer('id').primary();
    t.bigInteger('value').notNullable();
  });
  await knex('dav_sequence').insert({ id: 1, value: 0 });

  await knex.schema.createTable('change_journal', (t) => {
    mysqlTable(t);
    t.bigInteger('seq').primary();
    t.string('entity', 32).notNullable();
    t.integer('entity_id').unsigned().notNullable();
    t.integer('related_id').unsigned().nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
  });

  for (const trigger of journalTriggers(d)) await knex.raw(createTriggerSql(d, trigger));
}

export async function down(knex: Knex): Promise<void> {
  for (const trigger of journalTriggers(dialectOf(knex))) await knex.raw(dropTriggerSql(trigger));
  await knex.schema.dropTableIfExists('change_journal');
  await knex.schema.dropTableIfExists('dav_sequence');
}
