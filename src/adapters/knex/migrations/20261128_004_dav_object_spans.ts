import type { Knex } from 'knex';

/**
 * A time-span index on stored calendar objects, so that a calendar-query with a time-range
 * (RFC 4791 §9.9) narrows its candidates in SQL instead of parsing every member's iCalendar body.
 *
 * `span_start` / `span_end` are UTC epoch milliseconds of a conservative hull of every instance
 * (`formats/icalendar/timeSpan.ts`); NULL means unbounded on that side. `span_known = 0` marks rows
 * written before this migration or for contacts: such rows are always candidates, so the index can
 * never drop a match. Rows get their span the next time they are saved or rendered.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dav_objects', (t) => {
    t.boolean('span_known').notNullable().defaultTo(false);
    t.bigInteger('span_start').nullable();
    t.bigInteger('span_end').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dav_objects', (t) => {
    t.dropColumn('span_end');
    t.dropColumn('span_start');
    t.dropColumn('span_known');
  });
}
