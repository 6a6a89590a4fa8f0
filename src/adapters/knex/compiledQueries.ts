import type { Knex } from 'knex';
import { dialectOf } from './journal/triggerSql.ts';
import { MAX_PREPARED_BINDINGS, PREPARED } from './mysqlPreparedStatements.ts';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

/**
 * Hot read queries (every request's login, collection state, member lookups) have a fixed shape:
 * only their values change. knex's builder spends ~60–100 µs compiling such a query each time,
 * several times what SQLite needs to run it, so these are compiled once per shape, dialect and
 * schema, and later calls only bind values. They still run through knex (`raw`): same pool,
 * transactions, query events and error handling as every other query. On MySQL the server keeps
 * them prepared as well, per connection.
 *
 * The builder is given placeholder values; their positions among the compiled bindings say where
 * each call's values go. Constants written into the builder stay as they are.
 */
export type QueryBuild = (param: (index: number) => string, intParam: (index: number) => number) => Knex.QueryBuilder | Knex.Raw;

interface Compiled {
  readonly sql: string;
  /** Per binding: the index of the caller's value, or the constant compiled in. */
  readonly slots: ReadonlyArray<number | { readonly constant: unknown }>;
  /** Whether MySQL may keep it prepared (see mysqlPreparedStatements.ts). */
  readonly preparable: boolean;
}

const MARK = '\u0000bsdav-param:';
const param = (index: number) => `${MARK}${index}\u0000`;
/** knex wants a number where it writes `limit ?`: these stand for the caller's values there. */
const INT_MARK = 1_987_000_000;
const intParam = (index: number) => INT_MARK + index;
const isIntParam = (b: unknown): b is number => typeof b === 'number' && b >= INT_MARK && b < INT_MARK + 1000;

/** Owner of the compiled queries that touch only the plugin's own tables (their names never change). */
export const PLUGIN_TABLES: object = Object.freeze({ owner: 'plugin tables' });

/** Per owner (a CrmSchema, or a module's own token for plugin tables): compiled shapes by dialect and key. */
const compiledBy = new WeakMap<object, Map<string, Compiled>>();

function compile(build: QueryBuild): Compiled {
  const { sql, bindings } = build(param, intParam).toSQL();
  const slots = bindings.map((b) => {
    if (typeof b === 'string' && b.startsWith(MARK)) return Number(b.slice(MARK.length, -1));
    return isIntParam(b) ? b - INT_MARK : { constant: b };
  });
  return { sql, slots, preparable: bindings.length <= MAX_PREPARED_BINDINGS && !bindings.some(isIntParam) };
}

/**
 * Runs the query `build` describes with `values` for its placeholders; `key` names the shape
 * (include every list length in it). Returns the rows.
 */
export async function compiledRows<R = Row>(db: Db, owner: object, key: string, build: QueryBuild, values: readonly unknown[]): Promise<R[]> {
  const dialect = dialectOf(db);
  let shapes = compiledBy.get(owner);
  if (!shapes) compiledBy.set(owner, (shapes = new Map()));
  const cacheKey = `${dialect}:${key}`;
  let compiled = shapes.get(cacheKey);
  if (!compiled) shapes.set(cacheKey, (compiled = compile(build)));
  const bindings = compiled.slots.map((slot) => (typeof slot === 'number' ? values[slot] : slot.constant)) as Knex.RawBinding[];
  const raw = db.raw(compiled.sql, bindings);
  const result: unknown = await (dialect === 'mysql' && compiled.preparable ? raw.options(PREPARED) : raw);
  // mysql2 answers [rows, fields]; better-sqlite3 the rows.
  return (dialect === 'mysql' ? (result as [R[]])[0] : result) as R[];
}

/** `count` placeholders from index `first` on, for an `IN` list (see `padded`) in a compiled query. */
export function placeholders(param: (index: number) => string, count: number, first = 0): string[] {
  return Array.from({ length: count }, (_, i) => param(first + i));
}

/**
 * List lengths rounded up to a few shapes (1, 2, 4, 8, …, then multiples of 256): an `IN` list
 * padded with its last value means the same, and the cache holds a handful of shapes per query
 * instead of one per length.
 */
export function paddedLength(n: number): number {
  if (n <= 256) {
    let size = 1;
    while (size < n) size *= 2;
    return size;
  }
  return Math.ceil(n / 256) * 256;
}

/** `values` padded with its last element to `paddedLength(values.length)`. */
export function padded<T>(values: readonly T[]): T[] {
  const out = [...values];
  const last = values[values.length - 1];
  while (out.length < paddedLength(values.length)) out.push(last as T);
  return out;
}
