import type { Knex } from 'knex';
import type { CrmSchema, CrmTable } from '../../schema/crmSchema.ts';
import { dialectOf } from '../../journal/triggerSql.ts';

/**
 * The reference model of BrokerStar's CRM tables (users, groups, teams, contacts, appointments,
 * tasks): what the stand-alone server, the demo and the tests run on. A real installation already
 * has these tables; the plugin never creates, alters or drops them (its own tables are in
 * `../plugin`). Built from the schema map, so the tests can also create a variant whose tables and
 * columns are all named differently. Runs unchanged on MySQL/MariaDB (InnoDB, utf8mb4) and SQLite.
 */
export function referenceCrmSchema(s: CrmSchema): { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> } {
  return {
    async up(knex) {
      const isMysql = dialectOf(knex) === 'mysql';
      const now = isMysql ? knex.fn.now(3) : knex.fn.now();
      const table = (name: CrmTable, build: (t: Knex.CreateTableBuilder, c: (col: string) => string) => void) =>
        knex.schema.createTable(s.t(name), (t) => {
          if (isMysql) {
            t.engine('InnoDB');
            t.charset('utf8mb4');
            t.collate('utf8mb4_unicode_ci');
          }
          build(t, (col) => s.c(name, col as never));
        });
      const ref = (t: Knex.CreateTableBuilder, column: string, target: 'user_groups' | 'users' | 'teams' | 'contacts' | 'appointments' | 'tasks') =>
        t.integer(column).unsigned().notNullable().references(s.c(target, 'id')).inTable(s.t(target));
      const timestamps = (t: Knex.CreateTableBuilder, c: (col: string) => string) => {
        t.datetime(c('created_at'), { precision: 3 }).notNullable().defaultTo(now);
        t.datetime(c('updated_at'), { precision: 3 }).notNullable().defaultTo(now);
      };
      const index = (name: CrmTable, suffix: string) => `${s.t(name)}_${suffix}`.slice(0, 64);

      await table('user_groups', (t, c) => {
        t.increments(c('id'));
        t.string(c('name'), 100).notNullable().unique();
        for (const flag of ['sync_contacts', 'sync_calendar', 'sync_tasks', 'may_edit_contacts', 'may_delete_contacts']) {
          t.boolean(c(flag)).notNullable().defaultTo(false);
        }
        timestamps(t, c);
      });

      await table('users', (t, c) => {
        t.increments(c('id'));
        t.string(c('login'), 100).notNullable().unique();
        t.string(c('password_hash'), 100).notNullable();
        t.string(c('display_name'), 200).notNullable();
        t.string(c('email'), 254).nullable();
        t.boolean(c('active')).notNullable().defaultTo(true);
        t.boolean(c('mailing_module_enabled')).notNullable().defaultTo(false);
        t.enu(c('contact_scope'), ['ALL', 'TEAM', 'OWN']).notNullable().defaultTo('OWN');
        ref(t, c('group_id'), 'user_groups');
        timestamps(t, c);
      });

      await table('teams', (t, c) => {
        t.increments(c('id'));
        t.string(c('name'), 100).notNullable().unique();
      });

      await table('team_memberships', (t, c) => {
        ref(t, c('team_id'), 'teams').onDelete('CASCADE');
        ref(t, c('user_id'), 'users').onDelete('CASCADE');
        t.primary([c('team_id'), c('user_id')]);
        t.index([c('user_id'), c('team_id')], index('team_memberships', 'user_team'));
      });

      await table('contacts', (t, c) => {
        t.increments(c('id'));
        t.enu(c('kind'), ['person', 'company']).notNullable().defaultTo('person');
        t.string(c('salutation'), 50).nullable();
        t.string(c('title'), 100).nullable();
        t.string(c('first_name'), 100).nullable();
        t.string(c('last_name'), 100).nullable();
        t.string(c('company'), 200).nullable();
        t.string(c('department'), 100).nullable();
        t.string(c('position'), 100).nullable();
        t.date(c('birthday')).nullable();
        t.text(c('notes')).nullable();
        t.string(c('website'), 500).nullable();
        ref(t, c('owner_id'), 'users');
        timestamps(t, c);
        // Visibility for scopes OWN and TEAM is "owner in (...)".
        t.index([c('owner_id'), c('id')], index('contacts', 'owner'));
      });

      const subTables = {
        contact_addresses: (t: Knex.CreateTableBuilder, c: (col: string) => string) => {
          t.enu(c('type'), ['work', 'home', 'other']).notNullable().defaultTo('work');
          t.string(c('street'), 200).nullable();
          t.string(c('postal_code'), 20).nullable();
          t.string(c('city'), 100).nullable();
          t.string(c('region'), 100).nullable();
          t.string(c('country'), 100).nullable();
        },
        contact_phones: (t: Knex.CreateTableBuilder, c: (col: string) => string) => {
          t.enu(c('type'), ['work', 'home', 'mobile', 'fax', 'other']).notNullable().defaultTo('work');
          t.string(c('number'), 50).notNullable();
        },
        contact_emails: (t: Knex.CreateTableBuilder, c: (col: string) => string) => {
          t.enu(c('type'), ['work', 'home', 'other']).notNullable().defaultTo('work');
          t.string(c('address'), 254).notNullable();
        },
      } as const;
      for (const [name, build] of Object.entries(subTables) as Array<[keyof typeof subTables, (typeof subTables)[keyof typeof subTables]]>) {
        await table(name, (t, c) => {
          t.increments(c('id'));
          ref(t, c('contact_id'), 'contacts').onDelete('CASCADE');
          t.smallint(c('position')).notNullable().defaultTo(0);
          build(t, c);
          t.index([c('contact_id'), c('position')], index(name, 'contact'));
        });
      }

      await table('contact_shares', (t, c) => {
        ref(t, c('contact_id'), 'contacts').onDelete('CASCADE');
        ref(t, c('user_id'), 'users').onDelete('CASCADE');
        t.primary([c('contact_id'), c('user_id')]);
        t.index([c('user_id'), c('contact_id')], index('contact_shares', 'user'));
      });

      await table('appointments', (t, c) => {
        t.increments(c('id'));
        t.string(c('title'), 255).notNullable();
        t.string(c('location'), 255).nullable();
        t.text(c('description')).nullable();
        // UTC instants; for all-day appointments midnight UTC of the first day / the day after the last.
        t.datetime(c('starts_at'), { precision: 3 }).notNullable();
        t.datetime(c('ends_at'), { precision: 3 }).notNullable();
        t.string(c('time_zone'), 64).notNullable().defaultTo('Europe/Zurich');
        t.boolean(c('all_day')).notNullable().defaultTo(false);
        t.string(c('rrule'), 500).nullable();
        ref(t, c('owner_id'), 'users');
        timestamps(t, c);
        t.index([c('starts_at')], index('appointments', 'start'));
      });

      await table('appointment_assignees', (t, c) => {
        ref(t, c('appointment_id'), 'appointments').onDelete('CASCADE');
        ref(t, c('user_id'), 'users').onDelete('CASCADE');
        t.primary([c('appointment_id'), c('user_id')]);
        t.index([c('user_id'), c('appointment_id')], index('appointment_assignees', 'user'));
      });

      await table('tasks', (t, c) => {
        t.increments(c('id'));
        t.string(c('title'), 255).notNullable();
        t.text(c('description')).nullable();
        t.datetime(c('due_at'), { precision: 3 }).nullable();
        t.boolean(c('due_all_day')).notNullable().defaultTo(false);
        t.enu(c('status'), ['open', 'in-progress', 'done', 'cancelled']).notNullable().defaultTo('open');
        t.enu(c('priority'), ['high', 'normal', 'low']).notNullable().defaultTo('normal');
        t.tinyint(c('percent_complete')).unsigned().notNullable().defaultTo(0);
        t.datetime(c('completed_at'), { precision: 3 }).nullable();
        t.integer(c('contact_id')).unsigned().nullable().references(s.c('contacts', 'id')).inTable(s.t('contacts')).onDelete('SET NULL');
        ref(t, c('owner_id'), 'users');
        timestamps(t, c);
      });

      await table('task_assignees', (t, c) => {
        ref(t, c('task_id'), 'tasks').onDelete('CASCADE');
        ref(t, c('user_id'), 'users').onDelete('CASCADE');
        t.primary([c('task_id'), c('user_id')]);
        t.index([c('user_id'), c('task_id')], index('task_assignees', 'user'));
      });
    },

    async down(knex) {
      for (const name of [
        'task_assignees', 'tasks', 'appointment_assignees', 'appointments', 'contact_shares', 'contact_emails',
        'contact_phones', 'contact_addresses', 'contacts', 'team_memberships', 'teams', 'users', 'user_groups',
      ] as const) {
        await knex.schema.dropTableIfExists(s.t(name));
      }
    },
  };
}
