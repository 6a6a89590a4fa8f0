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

/**
 * MySQL/MariaDB error 1213: the deadlock victim was rolled back entirely, and running it again is
 * what the server asks for. SQLite (WAL) SQLITE_BUSY_SNAPSHOT: another connection (BrokerStar's web
 * app, another process) committed after this transaction began reading, so it may not write on that
 * old snapshot, at once and whatever the busy timeout; only a fresh start sees the new data.
 */
export function mustRunTransactionAgain(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ER_LOCK_DEADLOCK' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/** How often a transaction that lost such a conflict is run again before the error is passed on. */
const CONFLICT_ATTEMPTS = 3;

/**
 * Runs a whole transaction (`attempt` opens, runs and commits it), again when it lost a conflict
 * that rolled it back ({@link mustRunTransactionAgain}), after a short random pause that lets the
 * winner commit; the work runs from its first read, so its checks are made anew.
 */
export async function runningAgainAfterConflicts<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!mustRunTransactionAgain(err) || n >= CONFLICT_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * n));
    }
  }
}
