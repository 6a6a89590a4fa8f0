import { StorageUnavailable } from '../../ports/index.ts';

/**
 * Driver and pool error codes that say "the database cannot be reached now", not "this statement is
 * wrong": socket errors, mysql2's protocol errors for a lost connection, MySQL/MariaDB's own codes for
 * a server shutting down or out of connections, and SQLite's busy timeout and busy conflicts.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR', 'ER_CONNECTION_KILLED', 'ER_TOO_MANY_USER_CONNECTIONS',
  'SQLITE_BUSY',
]);

/** mysql2's error for a statement sent on a connection that broke while it sat in the pool. */
const CLOSED_CONNECTION = /connection is in closed state|connection lost/i;

/**
 * Whether `err` means the database is unreachable: knex's pool acquire timeout, a fatal mysql2
 * error (the connection is gone), or one of the codes above.
 */
export function isStorageUnavailableError(err: unknown): boolean {
  if (err instanceof StorageUnavailable) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; code?: unknown; fatal?: unknown; message?: unknown };
  if (e.name === 'KnexTimeoutError') return true;
  if (e.fatal === true) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  // SQLite's extended busy codes (a snapshot conflict that outlasted its retries, a busy recovery).
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY_')) return true;
  return typeof e.message === 'string' && CLOSED_CONNECTION.test(e.message);
}

/** `err` as {@link StorageUnavailable} when it means the database is unreachable, else unchanged. */
export function asStorageError(err: unknown): unknown {
  if (err instanceof StorageUnavailable || !isStorageUnavailableError(err)) return err;
  const e = err as { code?: unknown; message?: unknown };
  const detail = typeof e.code === 'string' ? e.code : String(e.message ?? err);
  return new StorageUnavailable(`database unavailable (${detail})`, { cause: err });
}

const rethrowAsStorageError = (err: unknown): never => {
  throw asStorageError(err);
};

/**
 * A knex-backed port whose methods raise {@link StorageUnavailable} instead of the driver's errors,
 * so the layers above answer "try again" without knowing knex or mysql2. Every other error (and
 * every domain error) passes through unchanged. Methods are wrapped once per name, not per call.
 */
export function reportingUnavailableStorage<T extends object>(port: T): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(port, {
    get(target, name) {
      const value = Reflect.get(target, name, target) as unknown;
      if (typeof value !== 'function') return value;
      let method = wrapped.get(name);
      if (method === undefined) {
        const original = value as (...args: unknown[]) => unknown;
        method = (...args: unknown[]): unknown => {
          let result: unknown;
          try {
            result = original.apply(target, args);
          } catch (err) {
            return rethrowAsStorageError(err);
          }
          // knex transactions are thenables, not Promises.
          return typeof (result as PromiseLike<unknown> | null)?.then === 'function'
            ? Promise.resolve(result).catch(rethrowAsStorageError)
            : result;
        };
        wrapped.set(name, method);
      }
      return method;
    },
  });
}
