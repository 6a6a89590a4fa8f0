import type { FailureCounts, ThrottlePolicy } from '../domain/index.ts';

/**
 * Failed logins counted per login + client address, per login and per address, each over its own
 * window (`ThrottlePolicy`). Stored where every server instance sees the same counts.
 */
export interface LoginFailures {
  /** The current counts (zero where nothing failed in the window). */
  counts(login: string, address: string, policy: ThrottlePolicy): Promise<FailureCounts>;
  /** Counts one more failure on all three counters and returns the counts including it. */
  record(login: string, address: string, policy: ThrottlePolicy): Promise<FailureCounts>;
  /** A successful login from this address: its login + address failures are forgiven. */
  forgive(login: string, address: string, policy: ThrottlePolicy): Promise<void>;
}
