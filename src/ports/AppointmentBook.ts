import type { Appointment, AppointmentFields } from '../domain/index.ts';
import type { WrittenRecord } from './WrittenRecord.ts';

/**
 * BrokerStar's appointments and their assignees. `create` and `update` always write the object's own
 * row, which bumps its `version` and journals it (see `ChangeJournal`).
 */
export interface AppointmentBook {
  /** The appointment, or `null` when it does not exist (assignment is not checked here). */
  get(id: number): Promise<Appointment | null>;
  getMany(ids: readonly number[]): Promise<Appointment[]>;
  /** Creates it with its assignees; its id and version (read it with `get`). */
  create(ownerId: number, assigneeIds: readonly number[], fields: AppointmentFields): Promise<WrittenRecord>;
  /** Replaces the CRM fields; the new version, or `null` when it does not exist. */
  update(id: number, fields: AppointmentFields): Promise<WrittenRecord | null>;
  delete(id: number): Promise<boolean>;
  /** Replaces the assignee list; `null` when it does not exist. */
  setAssignees(id: number, assigneeIds: readonly number[]): Promise<Appointment | null>;
  /** Ids of the appointments assigned to `userId`, ascending. */
  assignedIds(userId: number): Promise<number[]>;
}
