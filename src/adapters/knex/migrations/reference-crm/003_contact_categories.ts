import type { Knex } from 'knex';
import type { CrmSchema } from '../../schema/crmSchema.ts';
import { dialectOf } from '../../journal/triggerSql.ts';

/**
 * BrokerStar's customer categories (issue 13: contacts carry them as CATEGORIES): a list of names
 * and the links of contacts to them. Reference schema only; BrokerStar's own tables are mapped
 * through the schema map like every other CRM table.
 */
export function contactCategoriesMigration(s: CrmSchema): { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> } {
  return {
    async up(knex) {
      const isMysql = dialectOf(knex) === 'mysql';
      const options = (t: Knex.CreateTableBuilder) => {
        if (!isMysql) return;
        t.engine('InnoDB');
        t.charset('utf8mb4');
        t.collate('utf8mb4_unicode_ci');
      };
      await knex.schema.createTable(s.t('contact_categories'), (t) => {
        options(t);
        t.increments(s.c('contact_categories', 'id'));
        t.string(s.c('contact_categories', 'name'), 100).notNullable().unique();
      });
      await knex.schema.createTable(s.t('contact_category_links'), (t) => {
        options(t);
        const contact = s.c('contact_category_links', 'contact_id');
        const category = s.c('contact_category_links', 'category_id');
        t.integer(contact).unsigned().notNullable().references(s.c('contacts', 'id')).inTable(s.t('contacts')).onDelete('CASCADE');
        t.integer(category).unsigned().notNullable().references(s.c('contact_categories', 'id')).inTable(s.t('contact_categories')).onDelete('CASCADE');
        t.primary([contact, category]);
        t.index([category, contact], `${s.t('contact_category_links')}_category`.slice(0, 64));
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(s.t('contact_category_links'));
      await knex.schema.dropTableIfExists(s.t('contact_categories'));
    },
  };
}
