export { InMemoryCrm, type StoredUser } from './InMemoryCrm.ts';
export { InMemoryUserDirectory } from './InMemoryUserDirectory.ts';
export { InMemoryContactDirectory } from './InMemoryContactDirectory.ts';
export { InMemoryAppointmentBook } from './InMemoryAppointmentBook.ts';
export { InMemoryTaskList } from './InMemoryTaskList.ts';
