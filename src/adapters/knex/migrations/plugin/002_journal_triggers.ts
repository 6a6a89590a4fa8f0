import type { Knex } from 'knex';
import type { CrmSchema } from '../../schema/crmSchema.ts';
import { journalTriggers } from '../../journal/triggers.ts';
import { createTriggerSql, dialectOf, dropTriggerSql } from '../../journal/triggerSql.ts';

/** The change-journal triggers on the CRM tables named by the installation's schema map. */
export function journalTriggersMigration(s: CrmSchema): { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> } {
  return {
    async up(knex) {
      const d = dialectOf(knex);
      for (const trigger of journalTriggers(d, s)) await knex.raw(createTriggerSql(d, trigger));
    },
    async down(knex) {
      // Its own triggers only (the context triggers belong to the next migration).
      const d = dialectOf(knex);
      for (const trigger of journalTriggers(d, s)) await knex.raw(dropTriggerSql(trigger.name));
    },
  };
}
