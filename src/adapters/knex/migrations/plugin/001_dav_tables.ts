import type { Knex } from 'knex';
import { pluginTable } from './pluginTable.ts';
import { JOURNAL_TABLE, SEQUENCE_TABLE, VERSIONS_TABLE } from '../../journal/triggerSql.ts';
import { RENDER_SETTINGS_TABLE } from '../../context/renderSettings.ts';

/**
 * The plugin's own tables; nothing here refers to a CRM table (no foreign keys into BrokerStar's
 * schema, so the host's DDL and deletes behave as before the install).
 *
 * - `dav_sequence`: the single row whose value numbers journal entries in commit order;
 *   `pruned_seq` is the highest number whose entries retention has deleted.
 * - `dav_change_journal`: one row per CRM change, written by the triggers (`journal/triggers.ts`).
 * - `dav_object_versions`: a counter per CRM object, moved on by every change of it; a stored
 *   representation is stale when its `crm_version` differs.
 * - `dav_collections` / `dav_collection_members` / `dav_collection_properties`: each user's three
 *   collections, their membership index and their client-set properties (`KnexSyncIndex`).
 * - `dav_login_failures`: failed-login counters shared by every instance (login throttling).
 * - `dav_private_parts`: each user's alarms of calendar objects that several users see.
 * - `dav_objects`: stored representations and tombstones (`KnexObjectStore`), with a time-span
 *   hull for calendar-query (`span_*`, NULL = unbounded; `span_known = 0`: always a candidate).
 *
 * Names and UIDs compare case-sensitively (binary collation on MySQL; SQLite's default BINARY);
 * 255 utf8mb4 characters are at most 1020 bytes, within InnoDB's 3072-byte key limit.
 */
export async function up(knex: Knex): Promise<void> {
  const table = (name: string, build: (t: Knex.CreateTableBuilder) => void) => pluginTable(knex, name, build);
  // CRM ids may be INT or BIGINT in an installation: the plugin's columns hold either.
  const crmId = (t: Knex.CreateTableBuilder, name: string) => t.bigInteger(name).unsigned().notNullable();

  await table(SEQUENCE_TABLE, (t) => {
    t.integer('id').primary();
    t.bigInteger('value').notNullable();
    t.bigInteger('pruned_seq').notNullable().defaultTo(0);
  });
  await knex(SEQUENCE_TABLE).insert({ id: 1, value: 0, pruned_seq: 0 });

  await table(JOURNAL_TABLE, (t) => {
    t.bigInteger('seq').primary();
    t.string('entity', 32).notNullable();
    crmId(t, 'entity_id');
    t.bigInteger('related_id').unsigned().nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.index(['created_at'], `${JOURNAL_TABLE}_created`);
  });

  await table(VERSIONS_TABLE, (t) => {
    t.string('kind', 16).notNullable();
    crmId(t, 'object_id');
    t.integer('version').unsigned().notNullable();
    t.primary(['kind', 'object_id']);
  });

  await table('dav_collections', (t) => {
    t.increments('id');
    crmId(t, 'user_id');
    t.string('kind', 16).notNullable();
    // -1: created but never built (the first refresh does a full rescan).
    t.bigInteger('synced_seq').notNullable().defaultTo(-1);
    t.bigInteger('last_change_seq').notNullable().defaultTo(0);
    t.bigInteger('token_floor_seq').notNullable().defaultTo(0);
    t.unique(['user_id', 'kind'], { indexName: 'dav_collections_user_kind' });
  });

  await table('dav_collection_members', (t) => {
    t.integer('collection_id').unsigned().notNullable().references('id').inTable('dav_collections').onDelete('CASCADE');
    crmId(t, 'object_id');
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

  // Failed-login counters (rate-limiter-flexible's layout: key, points, expire in epoch ms).
  await table('dav_login_failures', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire').unsigned().nullable();
  });

  await table('dav_private_parts', (t) => {
    t.string('kind', 16).notNullable();
    crmId(t, 'object_id');
    crmId(t, 'user_id');
    // One user's alarms and alarm state of a shared calendar object (CalendarCodec.splitPrivateParts).
    t.text('parts', 'mediumtext').notNullable();
    // The body the user's device sent, served as is while the shared object still has `basis_etag`.
    t.text('original', 'mediumtext').notNullable();
    t.string('basis_etag', 80).notNullable();
    t.primary(['kind', 'object_id', 'user_id']);
  });

  await table('dav_objects', (t) => {
    t.increments('id');
    t.string('kind', 16).notNullable();
    crmId(t, 'object_id');
    t.string('name', 255).notNullable();
    t.string('uid', 255).notNullable();
    // Photos make vCards large; MEDIUMTEXT holds 16 MiB. NULL for tombstones.
    t.text('body', 'mediumtext').nullable();
    t.string('etag', 80).notNullable();
    t.integer('crm_version').unsigned().notNullable();
    // Namespace of name and UID: 0 for BrokerStar's default names, else the user whose device chose them.
    t.bigInteger('scope').unsigned().notNullable().defaultTo(0);
    t.boolean('deleted').notNullable().defaultTo(false);
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.boolean('span_known').notNullable().defaultTo(false);
    t.bigInteger('span_start').nullable();
    t.bigInteger('span_end').nullable();
    t.unique(['kind', 'object_id'], { indexName: 'dav_objects_kind_object' });
    // Unique per namespace; the leading (kind, name) / (kind, uid) also serve lookups across namespaces.
    t.unique(['kind', 'name', 'scope'], { indexName: 'dav_objects_kind_name' });
    t.unique(['kind', 'uid', 'scope'], { indexName: 'dav_objects_kind_uid' });
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const name of PLUGIN_TABLES.filter((t) => t !== RENDER_SETTINGS_TABLE)) await knex.schema.dropTableIfExists(name);
}

/** Every table the plugin's migrations create (this one and later ones), children first (the order to drop them in). */
export const PLUGIN_TABLES = [
  RENDER_SETTINGS_TABLE, 'dav_objects', 'dav_private_parts', 'dav_login_failures', 'dav_collection_properties', 'dav_collection_members', 'dav_collections',
  VERSIONS_TABLE, JOURNAL_TABLE, SEQUENCE_TABLE,
] as const;
