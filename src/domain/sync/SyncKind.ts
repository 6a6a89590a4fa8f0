/** The three kinds of data a user can sync; each has its own group flag and its own collection. */
export type SyncKind = 'contacts' | 'calendar' | 'tasks';
export const SYNC_KINDS: readonly SyncKind[] = ['contacts', 'calendar', 'tasks'];

/** The kind of a single synced object. */
export type ObjectKind = 'contact' | 'appointment' | 'task';

export const OBJECT_KIND_OF: Record<SyncKind, ObjectKind> = {
  contacts: 'contact',
  calendar: 'appointment',
  tasks: 'task',
};
