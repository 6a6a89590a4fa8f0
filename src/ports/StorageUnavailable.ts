/**
 * The storage behind the ports cannot be reached right now (database stopped or restarting, connection
 * refused or reset, no pooled connection within the acquire timeout). Not a fault of the request:
 * the same request may succeed a few seconds later, so callers answer "try again" instead of failing.
 * Storage adapters raise it in place of their driver's errors; nothing was written when it is raised
 * from a transaction (the transaction did not commit).
 */
export class StorageUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailable';
  }
}
