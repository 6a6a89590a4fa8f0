import type { ContactDirectory } from './ContactDirectory.ts';
import type { AppointmentBook } from './AppointmentBook.ts';
import type { TaskList } from './TaskList.ts';
import type { ObjectStore } from './ObjectStore.ts';
import type { SyncIndex } from './SyncIndex.ts';

/** The ports whose writes must commit or roll back together. */
export interface TransactionalPorts {
  readonly contacts: ContactDirectory;
  readonly appointments: AppointmentBook;
  readonly tasks: TaskList;
  readonly objects: ObjectStore;
  readonly syncIndex: SyncIndex;
}

/**
 * Runs `work` in one database transaction: everything it writes through the given ports commits
 * together, or nothing does when it throws (the error is re-thrown).
 */
export interface Transactions {
  run<T>(work: (ports: TransactionalPorts) => Promise<T>): Promise<T>;
}
