import type { Knex } from 'knex';
import { InvalidObjectData, type ObjectKind } from '../../../domain/index.ts';
import type { CrmSchema, CrmTable } from './crmSchema.ts';

type Db = Knex | Knex.Transaction;
interface Limit { readonly chars?: number; readonly bytes?: number }
type TableLimits = ReadonlyMap<string, Limit>;

/**
 * What a device sends can be longer than BrokerStar's column (a 300-character SUMMARY, a 150-character
 * last name). The full text stays in the stored representation that devices get back; the CRM column
 * gets the longest prefix that fits, so MySQL's strict mode never refuses the write (a 500 the client
 * would retry forever). Lengths are read from the database once per table and process (they change
 * only with BrokerStar's DDL): VARCHAR limits count characters, TEXT limits bytes.
 */
const cache = new WeakMap<CrmSchema, Map<string, Promise<TableLimits>>>();

/** Values that a prefix would turn into something else: refused instead of shortened. */
const NEVER_SHORTENED = new Set(['rrule', 'time_zone']);
const KIND_OF: Partial<Record<CrmTable, ObjectKind>> = { appointments: 'appointment', tasks: 'task' };

export async function fitToColumns(db: Db, s: CrmSchema, table: CrmTable, row: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
  const limits = await limitsOf(db, s, table);
  const fitted: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    const limit = limits.get(column);
    const short = typeof value === 'string' && limit ? shorten(value, limit) : value;
    if (short !== value && NEVER_SHORTENED.has(column)) {
      throw new InvalidObjectData(KIND_OF[table] ?? 'contact', `The ${column === 'rrule' ? 'recurrence rule' : 'time zone'} is longer than BrokerStar can store.`);
    }
    fitted[column] = short;
  }
  return fitted;
}

/** The longest prefix within the limit, never splitting a character (code point). */
export function shorten(text: string, limit: Limit): string {
  let chars = [...text];
  if (limit.chars !== undefined && chars.length > limit.chars) chars = chars.slice(0, limit.chars);
  if (limit.bytes !== undefined) {
    let bytes = 0;
    let keep = 0;
    for (const c of chars) {
      bytes += Buffer.byteLength(c, 'utf8');
      if (bytes > limit.bytes) break;
      keep++;
    }
    chars = chars.slice(0, keep);
  }
  return chars.length === text.length ? text : chars.join('');
}

function limitsOf(db: Db, s: CrmSchema, table: CrmTable): Promise<TableLimits> {
  let perDatabase = cache.get(s);
  if (!perDatabase) cache.set(s, (perDatabase = new Map()));
  const key = `${databaseKey(db)}|${table}`;
  let limits = perDatabase.get(key);
  if (!limits) {
    limits = readLimits(db, s, table).catch((err: unknown) => {
      perDatabase.delete(key);
      throw err;
    });
    perDatabase.set(key, limits);
  }
  return limits;
}

async function readLimits(db: Db, s: CrmSchema, table: CrmTable): Promise<TableLimits> {
  const info = (await db(s.t(table)).columnInfo()) as unknown as Record<string, { type: string; maxLength: unknown }>;
  const physical = new Map(Object.entries(info).map(([name, c]) => [name.toLowerCase(), c]));
  const limits = new Map<string, Limit>();
  for (const { column, physical: name } of s.describe().find((t) => t.table === table)?.columns ?? []) {
    const c = physical.get(name.toLowerCase());
    const max = Number(c?.maxLength);
    if (!c || !Number.isFinite(max) || max <= 0) continue;
    limits.set(column, /text|blob|clob/i.test(c.type) ? { bytes: max } : { chars: max });
  }
  return limits;
}

function databaseKey(db: Db): string {
  const config = db.client.config as { client?: unknown; connection?: unknown };
  return `${String(config.client)}:${JSON.stringify(config.connection ?? null)}`;
}
