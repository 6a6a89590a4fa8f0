import type { DomainErrorCode } from './index.ts';
import type { UserMessage } from '../messages/UserMessages.ts';

/**
 * Base of every error the domain and the ports may throw. Errors carry a stable `code` and
 * structured details, never an HTTP status: the HTTP adapter maps codes to statuses and DAV
 * precondition bodies in exactly one place. `code` must be the code of one of `AnyDomainError`
 * (index.ts), so a new error class is listed there, and the HTTP error map (a record over every
 * code) no longer typechecks until it maps the new code.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** `message` is for logs (English); `userMessage`, when set, is what the user reads, in their language. */
  constructor(message: string, readonly userMessage?: UserMessage) {
    super(message);
    this.name = new.target.name;
  }
}
