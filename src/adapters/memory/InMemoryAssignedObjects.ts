import type { JournalEntity } from '../../domain/index.ts';
import type { WrittenRecord } from '../../ports/index.ts';
import type { InMemoryCrm } from './InMemoryCrm.ts';

/** What appointments and tasks have in common for storage. */
interface AssignedObject {
  readonly id: number;
  readonly ownerId: number;
  readonly assigneeIds: readonly number[];
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

type Identity = 'id' | 'ownerId' | 'assigneeIds' | 'version' | 'createdAt' | 'updatedAt';

function distinctSorted(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** Journal entities of the object row and of its assignee links, per table. */
const ENTITIES: Record<'appointments' | 'tasks', { object: JournalEntity; link: JournalEntity }> = {
  appointments: { object: 'appointment', link: 'appointment_assignee' },
  tasks: { object: 'task', link: 'task_assignee' },
};

/**
 * The in-memory storage shared by `InMemoryAppointmentBook` and `InMemoryTaskList`, mirroring
 * `KnexAssignedObjects` and the database's triggers: assignees ascending; the object row journals
 * its entity (an update also bumps `version`); each real (un)assignment journals a link entry for
 * that user without bumping `version` (the rendered object carries no attendees).
 */
export abstract class InMemoryAssignedObjects<T extends AssignedObject, F> {
  protected constructor(
    protected readonly crm: InMemoryCrm,
    private readonly store: Map<number, T>,
    private readonly table: 'appointments' | 'tasks',
    /** Deep copy of an object, so callers never hold references into the store. */
    private readonly copy: (object: T) => T,
  ) {}

  async get(id: number): Promise<T | null> {
    const found = this.store.get(id);
    return found ? this.copy(found) : null;
  }

  async getMany(ids: readonly number[]): Promise<T[]> {
    return distinctSorted(ids).flatMap((id) => {
      const found = this.store.get(id);
      return found ? [this.copy(found)] : [];
    });
  }

  async create(ownerId: number, assigneeIds: readonly number[], fields: F): Promise<WrittenRecord> {
    this.crm.requireUser(ownerId);
    assigneeIds.forEach((id) => this.crm.requireUser(id));
    const now = this.crm.clock.now();
    const id = this.crm.nextId(this.table);
    const object = { ...fields, id, ownerId, assigneeIds: distinctSorted(assigneeIds), version: 1, createdAt: now, updatedAt: now };
    this.store.set(id, this.copy(object as unknown as T));
    this.crm.journal.append(ENTITIES[this.table].object, id);
    for (const userId of object.assigneeIds) this.crm.journal.append(ENTITIES[this.table].link, id, userId);
    return { id, version: object.version };
  }

  async update(id: number, fields: F): Promise<WrittenRecord | null> {
    const current = this.store.get(id);
    if (!current) return null;
    const identity: Pick<AssignedObject, Identity> = {
      id, ownerId: current.ownerId, assigneeIds: current.assigneeIds, version: current.version + 1,
      createdAt: current.createdAt, updatedAt: this.crm.clock.now(),
    };
    this.store.set(id, this.copy({ ...fields, ...identity } as unknown as T));
    this.crm.journal.append(ENTITIES[this.table].object, id);
    return { id, version: identity.version };
  }

  async delete(id: number): Promise<boolean> {
    if (!this.store.delete(id)) return false;
    // Assignee links go by cascade, which (on MySQL) fires no trigger: the object's entry covers them.
    this.crm.journal.append(ENTITIES[this.table].object, id);
    return true;
  }

  async setAssignees(id: number, assigneeIds: readonly number[]): Promise<T | null> {
    const current = this.store.get(id);
    if (!current) return null;
    assigneeIds.forEach((userId) => this.crm.requireUser(userId));
    const wanted = distinctSorted(assigneeIds);
    this.store.set(id, { ...current, assigneeIds: wanted });
    // Only the difference, removals first, as `replaceAssignees` writes it (and the triggers journal it).
    const link = ENTITIES[this.table].link;
    for (const userId of current.assigneeIds) if (!wanted.includes(userId)) this.crm.journal.append(link, id, userId);
    for (const userId of wanted) if (!current.assigneeIds.includes(userId)) this.crm.journal.append(link, id, userId);
    return this.copy(this.store.get(id)!);
  }

  async assignedIds(userId: number): Promise<number[]> {
    return [...this.store.values()].filter((o) => o.assigneeIds.includes(userId)).map((o) => o.id).sort((a, b) => a - b);
  }
}
