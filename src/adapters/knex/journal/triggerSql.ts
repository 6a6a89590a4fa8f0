import type { Knex } from 'knex';
import type { JournalEntity, ObjectKind } from '../../../domain/index.ts';

/** The two SQL dialects the adapters support. */
export type Dialect = 'mysql' | 'sqlite';

export function dialectOf(db: Knex | Knex.Transaction): Dialect {
  const client = String(db.client.config.client);
  return client === 'mysql2' || client === 'mysql' ? 'mysql' : 'sqlite';
}

/** The plugin's own tables that the triggers write. */
export const JOURNAL_TABLE = 'dav_change_journal';
export const SEQUENCE_TABLE = 'dav_sequence';
export const VERSIONS_TABLE = 'dav_object_versions';

/** One row trigger, written once and rendered for either dialect. */
export interface TriggerSpec {
  readonly name: string;
  /** Physical table name. */
  readonly table: string;
  readonly timing: 'BEFORE' | 'AFTER';
  readonly event: 'INSERT' | 'UPDATE' | 'DELETE';
  /** Condition over OLD/NEW: SQLite `WHEN`, MySQL `IF … THEN … END IF`. */
  readonly when?: string;
  /** Statements without the trailing semicolon. */
  readonly body: readonly string[];
}

/** One journal row to write: SQL expressions over OLD/NEW for the ids. */
export interface Emit {
  readonly entity: JournalEntity;
  readonly entityId: string;
  readonly relatedId?: string;
}

/** An identifier quoted for the dialect (names come from the schema map, checked to be plain). */
export function quote(d: Dialect, name: string): string {
  return d === 'mysql' ? `\`${name}\`` : `"${name}"`;
}

/** UTC "now" with milliseconds, in the DATETIME(3) text form both databases store. */
export function nowSql(d: Dialect): string {
  return d === 'mysql' ? 'UTC_TIMESTAMP(3)' : "strftime('%Y-%m-%d %H:%M:%f', 'now')";
}

/** `a` differs from `b`, NULLs compared as values. */
export function differs(d: Dialect, a: string, b: string): string {
  return d === 'mysql' ? `NOT (${a} <=> ${b})` : `${a} IS NOT ${b}`;
}

/** Moves an object's version on by one (creating its row at 1). */
export function bumpVersionSql(d: Dialect, kind: ObjectKind, objectId: string): string {
  const insert = `INSERT INTO ${VERSIONS_TABLE} (kind, object_id, version) VALUES ('${kind}', ${objectId}, 1)`;
  return d === 'mysql'
    ? `${insert} ON DUPLICATE KEY UPDATE version = version + 1`
    : `${insert} ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1`;
}

/**
 * Takes the next sequence number and writes one journal row.
 *
 * MySQL: the UPDATE takes the row lock on `dav_sequence` and keeps it until COMMIT, so numbers are
 * handed out in commit order (a reader that sees value S sees every entry <= S; AUTO_INCREMENT
 * gives no such guarantee). LAST_INSERT_ID(expr) set inside a trigger is restored when the trigger
 * ends, so the statement's own insert id (what knex returns) is unaffected.
 * SQLite: writers are serialised anyway; the same table keeps both dialects alike.
 */
export function emitSql(d: Dialect, e: Emit): string[] {
  const related = e.relatedId ?? 'NULL';
  if (d === 'mysql') {
    return [
      `UPDATE ${SEQUENCE_TABLE} SET value = LAST_INSERT_ID(value + 1) WHERE id = 1`,
      `INSERT INTO ${JOURNAL_TABLE} (seq, entity, entity_id, related_id, created_at) ` +
        `VALUES (LAST_INSERT_ID(), '${e.entity}', ${e.entityId}, ${related}, ${nowSql(d)})`,
    ];
  }
  return [
    `UPDATE ${SEQUENCE_TABLE} SET value = value + 1 WHERE id = 1`,
    `INSERT INTO ${JOURNAL_TABLE} (seq, entity, entity_id, related_id, created_at) ` +
      `SELECT value, '${e.entity}', ${e.entityId}, ${related}, ${nowSql(d)} FROM ${SEQUENCE_TABLE} WHERE id = 1`,
  ];
}

export function createTriggerSql(d: Dialect, t: TriggerSpec): string {
  const head = `CREATE TRIGGER ${t.name} ${t.timing} ${t.event} ON ${quote(d, t.table)} FOR EACH ROW`;
  const stmts = t.body.map((s) => `  ${s};`).join('\n');
  if (d === 'sqlite') return `${head}${t.when ? ` WHEN ${t.when}` : ''}\nBEGIN\n${stmts}\nEND`;
  const inner = t.when ? `IF ${t.when} THEN\n${stmts}\nEND IF;` : stmts;
  return `${head}\nBEGIN\n${inner}\nEND`;
}

export function dropTriggerSql(name: string): string {
  return `DROP TRIGGER IF EXISTS ${name}`;
}
