import type { Task, TaskFields } from '../../domain/index.ts';
import type { TaskList, WrittenRecord } from '../../ports/index.ts';
import { InMemoryAssignedObjects } from './InMemoryAssignedObjects.ts';
import type { InMemoryCrm } from './InMemoryCrm.ts';

const copyDate = (d: Date | null): Date | null => (d === null ? null : new Date(d));

function copyTask(t: Task): Task {
  return {
    id: t.id, ownerId: t.ownerId, assigneeIds: [...t.assigneeIds], version: t.version,
    createdAt: new Date(t.createdAt), updatedAt: new Date(t.updatedAt), title: t.title, description: t.description,
    due: copyDate(t.due), dueAllDay: t.dueAllDay, status: t.status, priority: t.priority,
    percentComplete: t.percentComplete, completedAt: copyDate(t.completedAt), contactId: t.contactId,
  };
}

/** {@link TaskList} on an {@link InMemoryCrm}; behaves like `KnexTaskList` (fields stored as given). */
export class InMemoryTaskList extends InMemoryAssignedObjects<Task, TaskFields> implements TaskList {
  constructor(crm: InMemoryCrm) {
    super(crm, crm.tasks, 'tasks', copyTask);
  }

  override async create(ownerId: number, assigneeIds: readonly number[], fields: TaskFields): Promise<WrittenRecord> {
    this.requireContact(fields.contactId);
    return super.create(ownerId, assigneeIds, fields);
  }

  override async update(id: number, fields: TaskFields): Promise<WrittenRecord | null> {
    if (!this.crm.tasks.has(id)) return null;
    this.requireContact(fields.contactId);
    return super.update(id, fields);
  }

  /** As the foreign key tasks.contact_id → contacts.id. */
  private requireContact(contactId: number | null): void {
    if (contactId !== null && !this.crm.contacts.has(contactId)) throw new Error(`Unknown contact ${contactId} (foreign key).`);
  }
}
