import type { Appointment, AppointmentFields } from '../domain/index.ts';

/** BrokerStar's appointments and their assignees. */
export interface AppointmentBook {
  /** The appointment, or `null` when it does not exist (assignment is not checked here). */
  get(id: number): Promise<Appointment | null>;
  getMany(ids: readonly number[]): Promise<Appointment[]>;
  create(ownerId: number, assigneeIds: readonly number[], fields: AppointmentFields): Promise<Appointment>;
  /** Replaces the CRM fields; `null` when it does not exist. */
  update(id: number, fields: AppointmentFields): Promise<Appointment | null>;
  delete(id: number): Promise<boolean>;
  /** Replaces the assignee list; `null` when it does not exist. */
  setAssignees(id: number, assigneeIds: readonly number[]): Promise<Appointment | null>;
  /** Ids of the appointments assigned to `userId`, ascending. */
  assignedIds(userId: number): Promise<number[]>;
}
