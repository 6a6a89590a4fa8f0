import type { UserMessage } from '../messages/UserMessages.ts';

/**
 * Base of every error the domain and the ports may throw. Errors carry a stable `code` and
 * structured details, never an HTTP status: the HTTP adapter maps codes to statuses and DAV
 * precondition bodies in exactly one place.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** `message` is for logs (English); `userMessage`, when set, is what the user reads, in their language. */
  constructor(message: string, readonly userMessage?: UserMessage) {
    super(message);
    this.name = new.target.name;
  }
}
