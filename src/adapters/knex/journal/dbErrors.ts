/**
 * Recognises driver errors by their codes (mysql2: `code`/`errno`; better-sqlite3: `code`), so that
 * adapters can translate them into domain errors or retry, and nothing driver-specific leaks out.
 */
interface DriverError {
  readonly code?: unknown;
  readonly errno?: unknown;
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null ? String((err as DriverError).code ?? '') : '';
}

/** A UNIQUE or PRIMARY KEY violation. */
export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A lock conflict that a fresh attempt of the whole transaction may not meet again. */
export function isRetryableLockError(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code.startsWith('SQLITE_BUSY');
}
