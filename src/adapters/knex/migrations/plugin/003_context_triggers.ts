import type { Knex } from 'knex';
import type { CrmSchema } from '../../schema/crmSchema.ts';
import { contextTriggers } from '../../journal/contextTriggers.ts';
import { createTriggerSql, dialectOf, dropTriggerSql } from '../../journal/triggerSql.ts';

/** Triggers that keep appointments and tasks current with their customer's data (issue 13). */
export function contextTriggersMigration(s: CrmSchema): { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> } {
  return {
    async up(knex) {
      const d = dialectOf(knex);
      for (const trigger of contextTriggers(d, s)) await knex.raw(createTriggerSql(d, trigger));
    },
    async down(knex) {
      const d = dialectOf(knex);
      for (const trigger of contextTriggers(d, s)) await knex.raw(dropTriggerSql(trigger.name));
    },
  };
}
