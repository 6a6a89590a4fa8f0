import type { Knex } from 'knex';
import { dialectOf } from '../journal/triggerSql.ts';

/**
 * The DAV side's own state: collections and their membership index (`KnexSyncIndex`), client
 * properties, and stored representations with tombstones (`KnexObjectStore`).
 *
 * Resource names and UIDs are compared case-sensitively (binary collation on MySQL; SQLite's
 * default BINARY): `a.ics` and `A.ics` are different resources. 255 utf8mb4 characters are at most
 * 1020 bytes, so every unique index stays within InnoDB's 3072-byte key limit.
 */
export async function up(knex: Knex): Promise<void> {
  const isMysql = dialectOf(knex) === 'mysql';
  const table = (name: string, build: (t: Knex.CreateTableBuilder) => void) =>
    knex.schema.createTable(name, (t) => {
      if (isMysql) {
        t.engine('InnoDB');
        t.charset('utf8mb4');
        t.collate('utf8mb4_bin');
      }
      build(t);
    });

  await table('dav_collections', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.enu('kind', ['contacts', 'calendar', 'tasks']).notNullable();
    // -1: created but never built (the first refresh does a full rescan).
    t.bigInteger('synced_seq').notNullable().defaultTo(-1);
    t.bigInteger('last_change_seq').notNullable().defaultTo(0);
    t.bigInteger('token_floor_seq').notNullable().defaultTo(0);
    t.unique(['user_id', 'kind'], { indexName: 'dav_collections_user_kind' });
  });

  await table('dav_collection_members', (t) => {
    t.integer('collection_id').unsigned().notNullable().references('id').inTable('dav_collections').onDelete('CASCADE');
    t.integer('object_id').unsigned().notNullable();
    t.boolean('present').notNullable();
    t.bigInteger('changed_seq').notNullable();
    t.primary(['collection_id', 'object_id']);
    t.index(['collection_id', 'changed_seq', 'object_id'], 'dav_collection_members_changes');
  });

  await table('dav_collection_properties', (t) => {
    t.integer('collection_id').unsigned().notNullable().references('id').inTable('dav_collections').onDelete('CASCADE');
    t.string('name', 255).notNullable();
    t.text('value').notNullable();
    t.primary(['collection_id', 'name']);
  });

  await table('dav_objects', (t) => {
    t.increments('id');
    t.enu('kind', ['contact', 'appointment', 'task']).notNullable();
    t.integer('object_id').unsigned().notNullable();
    t.string('name', 255).notNullable();
    t.string('uid', 255).notNullable();
    // Photos make vCards large; MEDIUMTEXT holds 16 MiB. NULL for tombstones.
    t.text('body', 'mediumtext').nullable();
    t.string('etag', 80).notNullable();
    t.integer('crm_version').unsigned().notNullable();
    t.boolean('deleted').notNullable().defaultTo(false);
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.unique(['kind', 'object_id'], { indexName: 'dav_objects_kind_object' });
    t.unique(['kind', 'name'], { indexName: 'dav_objects_kind_name' });
    t.unique(['kind', 'uid'], { indexName: 'dav_objects_kind_uid' });
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const name of ['dav_objects', 'dav_collection_properties', 'dav_collection_members', 'dav_collections']) {
    await knex.schema.dropTableIfExists(name);
  }
}
