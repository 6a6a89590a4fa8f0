import { expect } from 'chai';
import type { Appointment, AppointmentFields } from '../../src/domain/index.ts';
import type { AppointmentBook, UserDirectory } from '../../src/ports/index.ts';
import { allDayAppointment, createUser, timedAppointment } from '../support/mothers.ts';

export interface AppointmentBookSubject {
  readonly users: UserDirectory;
  readonly appointments: AppointmentBook;
  /** Whether updates bump `version` (memory: always; database: once the journal triggers exist). */
  readonly versionBumps: boolean;
}

const UNKNOWN_ID = 987_654_321;
const ascending = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

function fieldsOf(a: Appointment): AppointmentFields {
  return { title: a.title, location: a.location, description: a.description, timing: a.timing, recurrenceRule: a.recurrenceRule };
}

/** The {@link AppointmentBook} contract; call inside a `describe` with a factory for a fresh subject. */
export function appointmentBookContract(makeSubject: () => Promise<AppointmentBookSubject>): void {
  let s: AppointmentBookSubject;
  beforeEach(async () => {
    s = await makeSubject();
  });

  it('round-trips a timed appointment with zone, recurrence, umlauts and assignees', async () => {
    const [owner, a, b] = [await createUser(s.users), await createUser(s.users), await createUser(s.users)];
    const written = await s.appointments.create(owner.id, [b.id, a.id, b.id], timedAppointment());
    const created = (await s.appointments.get(written.id))!;
    expect(fieldsOf(created)).to.deep.equal(timedAppointment());
    expect(created.ownerId).to.equal(owner.id);
    expect(created.assigneeIds, 'ascending, each once').to.deep.equal(ascending([a.id, b.id]));
    expect(created.version).to.be.at.least(1);
    expect(written, 'create returns the id and the version stored').to.deep.equal({ id: created.id, version: created.version });
    expect(created.createdAt).to.be.instanceOf(Date);
  });

  it('round-trips an all-day appointment as dates, with null fields', async () => {
    const owner = await createUser(s.users);
    const created = await s.appointments.create(owner.id, [owner.id], allDayAppointment());
    const loaded = await s.appointments.get(created.id);
    expect(loaded && fieldsOf(loaded)).to.deep.equal(allDayAppointment());
    expect(loaded?.assigneeIds).to.deep.equal([owner.id]);
  });

  it('replaces the fields on update and keeps owner and assignees', async () => {
    const owner = await createUser(s.users);
    const created = (await s.appointments.get((await s.appointments.create(owner.id, [owner.id], timedAppointment())).id))!;
    await new Promise((r) => setTimeout(r, 5));
    const changed = allDayAppointment({ title: 'Ferien Grächen', location: 'Wallis' });
    const written = await s.appointments.update(created.id, changed);
    const updated = (await s.appointments.get(created.id))!;
    expect(written, 'update returns the id and the version stored').to.deep.equal({ id: created.id, version: updated.version });
    expect(fieldsOf(updated)).to.deep.equal(changed);
    expect(updated.ownerId).to.equal(owner.id);
    expect(updated.assigneeIds).to.deep.equal([owner.id]);
    expect(updated.createdAt.getTime()).to.equal(created.createdAt.getTime());
    expect(updated.updatedAt.getTime()).to.be.greaterThan(created.updatedAt.getTime());
    if (s.versionBumps) expect(updated.version).to.be.greaterThan(created.version);
    if (s.versionBumps) {
      // The same fields again still write the row, so the object is journalled: a device write that
      // changed only what BrokerStar has no field for relies on it (ObjectWriter journals nothing itself).
      const again = await s.appointments.update(created.id, changed);
      expect(again?.version).to.be.greaterThan(updated.version);
    }
    await s.appointments.update(created.id, timedAppointment({ location: null, description: null, recurrenceRule: null }));
    const back = await s.appointments.get(created.id);
    expect(back && fieldsOf(back)).to.deep.equal(timedAppointment({ location: null, description: null, recurrenceRule: null }));
  });

  it('deletes, and answers null/false for unknown ids', async () => {
    const owner = await createUser(s.users);
    const created = await s.appointments.create(owner.id, [owner.id], timedAppointment());
    expect(await s.appointments.delete(created.id)).to.equal(true);
    expect(await s.appointments.get(created.id)).to.equal(null);
    expect(await s.appointments.assignedIds(owner.id)).to.deep.equal([]);
    expect(await s.appointments.delete(created.id)).to.equal(false);
    expect(await s.appointments.update(UNKNOWN_ID, timedAppointment())).to.equal(null);
    expect(await s.appointments.setAssignees(UNKNOWN_ID, [owner.id])).to.equal(null);
    expect(await s.appointments.getMany([])).to.deep.equal([]);
  });

  it('replaces assignees and lists assigned ids ascending', async () => {
    const [owner, a, b] = [await createUser(s.users), await createUser(s.users), await createUser(s.users)];
    const first = await s.appointments.create(owner.id, [a.id], timedAppointment());
    const second = await s.appointments.create(owner.id, [a.id, b.id], allDayAppointment());
    const third = await s.appointments.create(owner.id, [], timedAppointment());
    expect((await s.appointments.get(third.id))?.assigneeIds).to.deep.equal([]);
    expect(await s.appointments.assignedIds(a.id)).to.deep.equal([first.id, second.id]);
    expect(await s.appointments.assignedIds(owner.id), 'owning is not being assigned').to.deep.equal([]);
    const reassigned = await s.appointments.setAssignees(first.id, [b.id, owner.id]);
    expect(reassigned?.assigneeIds).to.deep.equal(ascending([b.id, owner.id]));
    expect(fieldsOf(reassigned!)).to.deep.equal(timedAppointment());
    await s.appointments.setAssignees(third.id, [b.id]);
    expect(await s.appointments.assignedIds(a.id)).to.deep.equal([second.id]);
    expect(await s.appointments.assignedIds(b.id)).to.deep.equal([first.id, second.id, third.id]);
    expect((await s.appointments.setAssignees(second.id, []))?.assigneeIds).to.deep.equal([]);
    expect(await s.appointments.assignedIds(b.id)).to.deep.equal([first.id, third.id]);
  });

  it('gets 1200 ids at once: the existing ones, each once, with assignees', async () => {
    const owner = await createUser(s.users);
    const created: Appointment[] = [];
    for (let i = 0; i < 12; i++) {
      const written = await s.appointments.create(owner.id, [owner.id], timedAppointment({ title: `Termin ${i}` }));
      created.push((await s.appointments.get(written.id))!);
    }
    const ids = Array.from({ length: 1200 }, (_, i) => UNKNOWN_ID + i);
    created.forEach((a, i) => { ids[i * 100 + (i % 2 === 0 ? 0 : 99)] = a.id; });
    ids[1] = created[0]!.id;
    const found = await s.appointments.getMany(ids);
    expect(ascending(found.map((a) => a.id))).to.deep.equal(ascending(created.map((a) => a.id)));
    for (const appointment of found) expect(appointment).to.deep.equal(created.find((a) => a.id === appointment.id));
  });
}
