import type { Knex } from 'knex';

/**
 * Reference model of BrokerStar's CRM tables (users, groups, teams, contacts, appointments, tasks).
 * Runs unchanged on MySQL/MariaDB (InnoDB, utf8mb4) and SQLite.
 * Times are stored as UTC DATETIME(3); `version` columns are bumped by triggers (next migration).
 */
export async function up(knex: Knex): Promise<void> {
  const isMysql = knex.client.config.client === 'mysql2' || knex.client.config.client === 'mysql';
  const table = (name: string, build: (t: Knex.CreateTableBuilder) => void) =>
    knex.schema.createTable(name, (t) => {
      if (isMysql) {
        t.engine('InnoDB');
        t.charset('utf8mb4');
        t.collate('utf8mb4_unicode_ci');
      }
      build(t);
    });
  const now = isMysql ? knex.fn.now(3) : knex.fn.now();
  const timestamps = (t: Knex.CreateTableBuilder) => {
    t.datetime('created_at', { precision: 3 }).notNullable().defaultTo(now);
    t.datetime('updated_at', { precision: 3 }).notNullable().defaultTo(now);
  };

  await table('user_groups', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    t.boolean('sync_contacts').notNullable().defaultTo(false);
    t.boolean('sync_calendar').notNullable().defaultTo(false);
    t.boolean('sync_tasks').notNullable().defaultTo(false);
    t.boolean('may_edit_contacts').notNullable().defaultTo(false);
    t.boolean('may_delete_contacts').notNullable().defaultTo(false);
    timestamps(t);
  });

  await table('users', (t) => {
    t.increments('id');
    t.string('login', 100).notNullable().unique();
    t.string('password_hash', 100).notNullable();
    t.string('display_name', 200).notNullable();
    t.string('email', 254).nullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('mailing_module_enabled').notNullable().defaultTo(false);
    t.enu('contact_scope', ['ALL', 'TEAM', 'OWN']).notNullable().defaultTo('OWN');
    t.integer('group_id').unsigned().notNullable().references('id').inTable('user_groups');
    timestamps(t);
  });

  await table('teams', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
  });

  await table('team_memberships', (t) => {
    t.integer('team_id').unsigned().notNullable().references('id').inTable('teams').onDelete('CASCADE');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.primary(['team_id', 'user_id']);
    t.index(['user_id', 'team_id'], 'team_memberships_user_team');
  });

  await table('contacts', (t) => {
    t.increments('id');
    t.enu('kind', ['person', 'company']).notNullable().defaultTo('person');
    t.string('salutation', 50).nullable();
    t.string('title', 100).nullable();
    t.string('first_name', 100).nullable();
    t.string('last_name', 100).nullable();
    t.string('company', 200).nullable();
    t.string('department', 100).nullable();
    t.string('position', 100).nullable();
    t.date('birthday').nullable();
    t.text('notes').nullable();
    t.string('website', 500).nullable();
    t.integer('owner_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('version').unsigned().notNullable().defaultTo(1);
    timestamps(t);
    // Visibility for scopes OWN and TEAM is "owner in (...)".
    t.index(['owner_id', 'id'], 'contacts_owner');
  });

  for (const [name, build] of [
    ['contact_addresses', (t: Knex.CreateTableBuilder) => {
      t.enu('type', ['work', 'home', 'other']).notNullable().defaultTo('work');
      t.string('street', 200).nullable();
      t.string('postal_code', 20).nullable();
      t.string('city', 100).nullable();
      t.string('region', 100).nullable();
      t.string('country', 100).nullable();
    }],
    ['contact_phones', (t: Knex.CreateTableBuilder) => {
      t.enu('type', ['work', 'home', 'mobile', 'fax', 'other']).notNullable().defaultTo('work');
      t.string('number', 50).notNullable();
    }],
    ['contact_emails', (t: Knex.CreateTableBuilder) => {
      t.enu('type', ['work', 'home', 'other']).notNullable().defaultTo('work');
      t.string('address', 254).notNullable();
    }],
  ] as const) {
    await table(name, (t) => {
      t.increments('id');
      t.integer('contact_id').unsigned().notNullable().references('id').inTable('contacts').onDelete('CASCADE');
      t.smallint('position').notNullable().defaultTo(0);
      build(t);
      t.index(['contact_id', 'position'], `${name}_contact`);
    });
  }

  await table('contact_shares', (t) => {
    t.integer('contact_id').unsigned().notNullable().references('id').inTable('contacts').onDelete('CASCADE');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.primary(['contact_id', 'user_id']);
    t.index(['user_id', 'contact_id'], 'contact_shares_user');
  });

  await table('appointments', (t) => {
    t.increments('id');
    t.string('title', 255).notNullable();
    t.string('location', 255).nullable();
    t.text('description').nullable();
    // UTC instants; for all-day appointments midnight UTC of the first day / the day after the last.
    t.datetime('starts_at', { precision: 3 }).notNullable();
    t.datetime('ends_at', { precision: 3 }).notNullable();
    t.string('time_zone', 64).notNullable().defaultTo('Europe/Zurich');
    t.boolean('all_day').notNullable().defaultTo(false);
    t.string('rrule', 500).nullable();
    t.integer('owner_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('version').unsigned().notNullable().defaultTo(1);
    timestamps(t);
    t.index(['starts_at'], 'appointments_start');
  });

  await table('appointment_assignees', (t) => {
    t.integer('appointment_id').unsigned().notNullable().references('id').inTable('appointments').onDelete('CASCADE');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.primary(['appointment_id', 'user_id']);
    t.index(['user_id', 'appointment_id'], 'appointment_assignees_user');
  });

  await table('tasks', (t) => {
    t.increments('id');
    t.string('title', 255).notNullable();
    t.text('description').nullable();
    t.datetime('due_at', { precision: 3 }).nullable();
    t.boolean('due_all_day').notNullable().defaultTo(false);
    t.enu('status', ['open', 'in-progress', 'done', 'cancelled']).notNullable().defaultTo('open');
    t.enu('priority', ['high', 'normal', 'low']).notNullable().defaultTo('normal');
    t.tinyint('percent_complete').unsigned().notNullable().defaultTo(0);
    t.datetime('completed_at', { precision: 3 }).nullable();
    t.integer('contact_id').unsigned().nullable().references('id').inTable('contacts').onDelete('SET NULL');
    t.integer('owner_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('version').unsigned().notNullable().defaultTo(1);
    timestamps(t);
  });

  await table('task_assignees', (t) => {
    t.integer('task_id').unsigned().notNullable().references('id').inTable('tasks').onDelete('CASCADE');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.primary(['task_id', 'user_id']);
    t.index(['user_id', 'task_id'], 'task_assignees_user');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const name of [
    'task_assignees', 'tasks', 'appointment_assignees', 'appointments', 'contact_shares', 'contact_emails',
    'contact_phones', 'contact_addresses', 'contacts', 'team_memberships', 'teams', 'users', 'user_groups',
  ]) {
    await knex.schema.dropTableIfExists(name);
  }
}
