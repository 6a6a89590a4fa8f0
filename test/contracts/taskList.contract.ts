import { expect } from 'chai';
import { TASK_STATUSES, type Task, type TaskFields } from '../../src/domain/index.ts';
import type { ContactDirectory, TaskList, UserDirectory } from '../../src/ports/index.ts';
import { aTask, createUser, minimalContactFields } from '../support/mothers.ts';

export interface TaskListSubject {
  readonly users: UserDirectory;
  readonly contacts: ContactDirectory;
  readonly tasks: TaskList;
  /** Whether updates bump `version` (memory: always; database: once the journal triggers exist). */
  readonly versionBumps: boolean;
}

const UNKNOWN_ID = 987_654_321;
const ascending = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

function fieldsOf(t: Task): TaskFields {
  return {
    title: t.title, description: t.description, due: t.due, dueAllDay: t.dueAllDay, status: t.status, priority: t.priority,
    percentComplete: t.percentComplete, completedAt: t.completedAt, contactId: t.contactId,
  };
}

/** The {@link TaskList} contract; call inside a `describe` with a factory for a fresh subject. */
export function taskListContract(makeSubject: () => Promise<TaskListSubject>): void {
  let s: TaskListSubject;
  beforeEach(async () => {
    s = await makeSubject();
  });

  it('round-trips every field, umlauts, contact link and assignees included', async () => {
    const [owner, a] = [await createUser(s.users), await createUser(s.users)];
    const contact = await s.contacts.create(owner.id, minimalContactFields());
    const fields = aTask({ contactId: contact.id });
    const written = await s.tasks.create(owner.id, [owner.id, a.id], fields);
    const created = (await s.tasks.get(written.id))!;
    expect(fieldsOf(created)).to.deep.equal(fields);
    expect(created.ownerId).to.equal(owner.id);
    expect(created.assigneeIds).to.deep.equal(ascending([owner.id, a.id]));
    expect(created.version).to.be.at.least(1);
    expect(written, 'create returns the id and the version stored').to.deep.equal({ id: created.id, version: created.version });
  });

  it('round-trips null fields, all-day due dates and every status and priority', async () => {
    const owner = await createUser(s.users);
    const minimal = aTask({ description: null, due: null, contactId: null, completedAt: null, percentComplete: 0 });
    const created = await s.tasks.create(owner.id, [], minimal);
    expect(fieldsOf((await s.tasks.get(created.id))!)).to.deep.equal(minimal);
    for (const [i, status] of TASK_STATUSES.entries()) {
      const priority = (['high', 'normal', 'low'] as const)[i % 3]!;
      const fields = aTask({
        status, priority, dueAllDay: true, due: new Date('2026-06-30T00:00:00.000Z'), percentComplete: status === 'done' ? 100 : 10 * i,
        completedAt: status === 'done' ? new Date('2026-06-29T17:05:09.999Z') : null,
      });
      const task = await s.tasks.create(owner.id, [owner.id], fields);
      expect(fieldsOf((await s.tasks.get(task.id))!), status).to.deep.equal(fields);
    }
  });

  it('replaces the fields on update and keeps owner and assignees', async () => {
    const owner = await createUser(s.users);
    const created = (await s.tasks.get((await s.tasks.create(owner.id, [owner.id], aTask())).id))!;
    await new Promise((r) => setTimeout(r, 5));
    const changed = aTask({ title: 'Erledigt: Police Müller', status: 'done', percentComplete: 100, completedAt: new Date('2026-05-21T07:00:00.000Z') });
    const written = await s.tasks.update(created.id, changed);
    const updated = (await s.tasks.get(created.id))!;
    expect(written, 'update returns the id and the version stored').to.deep.equal({ id: created.id, version: updated.version });
    expect(fieldsOf(updated)).to.deep.equal(changed);
    expect(updated.assigneeIds).to.deep.equal([owner.id]);
    expect(updated.createdAt.getTime()).to.equal(created.createdAt.getTime());
    expect(updated.updatedAt.getTime()).to.be.greaterThan(created.updatedAt.getTime());
    if (s.versionBumps) expect(updated.version).to.be.greaterThan(created.version);
    if (s.versionBumps) {
      // The same fields again still write the row, so the object is journalled: a device write that
      // changed only what BrokerStar has no field for relies on it (ObjectWriter journals nothing itself).
      const again = await s.tasks.update(created.id, changed);
      expect(again?.version).to.be.greaterThan(updated.version);
    }
  });

  it('keeps a task when its contact is deleted, without the link', async () => {
    const owner = await createUser(s.users);
    const contact = await s.contacts.create(owner.id, minimalContactFields());
    const task = await s.tasks.create(owner.id, [owner.id], aTask({ contactId: contact.id }));
    await s.contacts.delete(contact.id);
    expect((await s.tasks.get(task.id))?.contactId).to.equal(null);
  });

  it('deletes, and answers null/false for unknown ids', async () => {
    const owner = await createUser(s.users);
    const created = await s.tasks.create(owner.id, [owner.id], aTask());
    expect(await s.tasks.delete(created.id)).to.equal(true);
    expect(await s.tasks.get(created.id)).to.equal(null);
    expect(await s.tasks.assignedIds(owner.id)).to.deep.equal([]);
    expect(await s.tasks.delete(created.id)).to.equal(false);
    expect(await s.tasks.update(UNKNOWN_ID, aTask())).to.equal(null);
    expect(await s.tasks.setAssignees(UNKNOWN_ID, [owner.id])).to.equal(null);
  });

  it('replaces assignees and lists assigned ids ascending', async () => {
    const [owner, a, b] = [await createUser(s.users), await createUser(s.users), await createUser(s.users)];
    const first = await s.tasks.create(owner.id, [b.id], aTask());
    const second = await s.tasks.create(owner.id, [a.id, b.id], aTask());
    expect(await s.tasks.assignedIds(b.id)).to.deep.equal([first.id, second.id]);
    expect(await s.tasks.assignedIds(a.id)).to.deep.equal([second.id]);
    expect((await s.tasks.setAssignees(first.id, [a.id, a.id]))?.assigneeIds).to.deep.equal([a.id]);
    expect(await s.tasks.assignedIds(a.id)).to.deep.equal([first.id, second.id]);
    expect(await s.tasks.assignedIds(b.id)).to.deep.equal([second.id]);
  });

  it('gets 1200 ids at once: the existing ones, each once', async () => {
    const owner = await createUser(s.users);
    const created: Task[] = [];
    for (let i = 0; i < 12; i++) {
      const written = await s.tasks.create(owner.id, [owner.id], aTask({ title: `Aufgabe ${i}` }));
      created.push((await s.tasks.get(written.id))!);
    }
    const ids = Array.from({ length: 1200 }, (_, i) => UNKNOWN_ID + i);
    created.forEach((t, i) => { ids[i * 100 + (i % 2 === 0 ? 0 : 99)] = t.id; });
    ids[1] = created[0]!.id;
    const found = await s.tasks.getMany(ids);
    expect(ascending(found.map((t) => t.id))).to.deep.equal(ascending(created.map((t) => t.id)));
    for (const task of found) expect(task).to.deep.equal(created.find((t) => t.id === task.id));
  });
}
