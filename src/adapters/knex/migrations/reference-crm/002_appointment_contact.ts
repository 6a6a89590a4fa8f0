import type { Knex } from 'knex';
import type { CrmSchema } from '../../schema/crmSchema.ts';
import { dialectOf, quote } from '../../journal/triggerSql.ts';

/**
 * The customer an appointment concerns, modelled like `tasks.contact_id` (issue 13): nullable,
 * cleared when the contact is deleted. Reference schema only; BrokerStar's own table maps its
 * column through the schema map, and the plugin never alters a CRM table.
 *
 * SQLite: a plain ADD COLUMN (knex would rebuild the table for the foreign key, dropping the
 * plugin's triggers on it); SQLite accepts a REFERENCES clause on an added column whose default is NULL.
 */
export function appointmentContactMigration(s: CrmSchema): { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> } {
  const table = s.t('appointments');
  const column = s.c('appointments', 'contact_id');
  return {
    async up(knex) {
      const d = dialectOf(knex);
      if (d === 'sqlite') {
        await knex.raw(`ALTER TABLE ${quote(d, table)} ADD COLUMN ${quote(d, column)} INTEGER NULL ` +
          `REFERENCES ${quote(d, s.t('contacts'))} (${quote(d, s.c('contacts', 'id'))}) ON DELETE SET NULL`);
      } else {
        await knex.schema.alterTable(table, (t) => {
          t.integer(column).unsigned().nullable().references(s.c('contacts', 'id')).inTable(s.t('contacts')).onDelete('SET NULL');
        });
      }
      await knex.schema.alterTable(table, (t) => { t.index([column], `${table}_contact`.slice(0, 64)); });
    },
    async down(knex) {
      await knex.schema.alterTable(table, (t) => {
        t.dropIndex([column], `${table}_contact`.slice(0, 64));
        if (dialectOf(knex) === 'mysql') t.dropForeign([column]);
        t.dropColumn(column);
      });
    },
  };
}
