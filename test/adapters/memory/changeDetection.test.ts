import { expect } from 'chai';
import type { ContactFields, JournalEntry, SyncKind } from '../../../src/domain/index.ts';
import type { CollectionState } from '../../../src/ports/index.ts';
import {
  InMemoryAppointmentBook, InMemoryContactDirectory, InMemoryCrm, InMemoryDavTables, InMemorySyncIndex, InMemoryTaskList,
} from '../../../src/adapters/memory/index.ts';
import { memoryCrm } from './memoryCrmFixture.ts';

/** Refreshes one collection and reports the changes since the previous call as `+id` / `-id`. */
class Watcher {
  private state: CollectionState | undefined;
  constructor(private readonly index: InMemorySyncIndex, readonly userId: number, readonly kind: SyncKind) {}

  async start(): Promise<this> {
    this.state = await this.index.refresh({ userId: this.userId, kind: this.kind });
    return this;
  }

  async changes(): Promise<string[]> {
    const before = this.state!;
    this.state = await this.index.refresh({ userId: this.userId, kind: this.kind });
    const rows = await this.index.changesSince(this.state, before.lastChangeSeq, Number.MAX_SAFE_INTEGER, 1000);
    if (rows.length > 0) expect(this.state.lastChangeSeq).to.be.greaterThan(before.lastChangeSeq);
    else expect(this.state.lastChangeSeq).to.equal(before.lastChangeSeq);
    return rows.map((r) => `${r.present ? '+' : '-'}${r.objectId}`);
  }
}

const PHONE: ContactFields['phones'][number] = { type: 'mobile', number: '+41 79 000 00 00' };

describe('InMemoryCrm journal: change detection as with the database triggers', () => {
  let state: InMemoryCrm;
  let index: InMemorySyncIndex;
  let crm: ReturnType<typeof memoryCrm>;
  const watch = (userId: number, kind: SyncKind) => new Watcher(index, userId, kind).start();
  const entriesSince = (seq: number): Array<Omit<JournalEntry, 'seq'>> =>
    state.journal.entriesBetween(seq, Number.MAX_SAFE_INTEGER).map(({ entity, entityId, relatedId }) => ({ entity, entityId, relatedId }));

  beforeEach(() => {
    state = new InMemoryCrm();
    index = new InMemorySyncIndex(state, new InMemoryDavTables());
    crm = memoryCrm(state);
  });

  it('journals a contact and each of its sub-records, bumping the version once per row', async () => {
    const contacts = new InMemoryContactDirectory(state);
    const me = await crm.user();
    const fields = { ...(await contacts.get(await crm.contact(me)))!, phones: [PHONE, PHONE] };
    const created = await contacts.create(me, fields);
    expect(created.version).to.equal(3);
    const seq = state.journal.currentSeq;
    const updated = await contacts.update(created.id, { ...fields, phones: [PHONE] });
    // The row, two phones deleted, one inserted.
    expect(updated?.version).to.equal(7);
    expect(entriesSince(seq)).to.deep.equal(Array.from({ length: 4 }, () => ({ entity: 'contact', entityId: created.id, relatedId: null })));
  });

  it('sees a contact created, edited, shared, unshared and deleted', async () => {
    const me = await crm.user('OWN');
    const other = await crm.user('OWN');
    const w = await watch(me, 'contacts');
    const c = await crm.contact(me);
    expect(await w.changes()).to.deep.equal([`+${c}`]);
    await crm.renameContact(c, 'Heidi');
    expect(await w.changes()).to.deep.equal([`+${c}`]);
    const foreign = await crm.contact(other);
    expect(await w.changes()).to.deep.equal([]);
    await crm.share(foreign, me);
    await crm.share(foreign, me);
    expect(await w.changes()).to.deep.equal([`+${foreign}`]);
    const seq = state.journal.currentSeq;
    await crm.unshare(foreign, me);
    await crm.unshare(foreign, me);
    expect(entriesSince(seq)).to.deep.equal([{ entity: 'contact_share', entityId: foreign, relatedId: me }]);
    expect(await w.changes()).to.deep.equal([`-${foreign}`]);
    await crm.deleteContact(c);
    expect(await w.changes()).to.deep.equal([`-${c}`]);
  });

  it('sees a team mate’s contacts appear and vanish with team membership (TEAM scope)', async () => {
    const me = await crm.user('TEAM');
    const mate = await crm.user('OWN');
    const c = await crm.contact(mate);
    const w = await watch(me, 'contacts');
    const team = await crm.joinTeam('Verkauf', me);
    expect(await w.changes()).to.deep.equal([]);
    await crm.joinTeam('Verkauf', mate);
    expect(await w.changes()).to.deep.equal([`+${c}`]);
    await crm.leaveTeam(team, mate);
    expect(await w.changes()).to.deep.equal([`-${c}`]);
  });

  it('sees a scope change from OWN to ALL and back, and journals only changes that matter', async () => {
    const me = await crm.user('OWN');
    const c = await crm.contact(await crm.user('OWN'));
    const w = await watch(me, 'contacts');
    await crm.setScope(me, 'ALL');
    expect(await w.changes()).to.deep.equal([`+${c}`]);
    const seq = state.journal.currentSeq;
    state.updateUser(me, { displayName: 'Nur der Name' });
    expect(state.journal.currentSeq).to.equal(seq);
    await crm.setScope(me, 'OWN');
    expect(await w.changes()).to.deep.equal([`-${c}`]);
  });

  it('sees an appointment re-assigned from A to B, journalling links without a version bump', async () => {
    const appointments = new InMemoryAppointmentBook(state);
    const [a, b] = [await crm.user(), await crm.user()];
    const id = await crm.appointment(a, [a]);
    const [wa, wb] = [await watch(a, 'calendar'), await watch(b, 'calendar')];
    const seq = state.journal.currentSeq;
    const moved = await appointments.setAssignees(id, [b]);
    expect(moved?.version).to.equal(1);
    expect(entriesSince(seq)).to.deep.equal([
      { entity: 'appointment_assignee', entityId: id, relatedId: a }, { entity: 'appointment_assignee', entityId: id, relatedId: b },
    ]);
    expect(await wa.changes()).to.deep.equal([`-${id}`]);
    expect(await wb.changes()).to.deep.equal([`+${id}`]);
  });

  it('sees a deleted task leave its list, and re-renders tasks whose contact is deleted', async () => {
    const tasks = new InMemoryTaskList(state);
    const me = await crm.user();
    const contact = await crm.contact(me);
    const linked = await tasks.create(me, [me], { ...(await tasks.get(await crm.task(me, [me])))!, contactId: contact });
    const w = await watch(me, 'tasks');
    await crm.deleteContact(contact);
    expect(await w.changes()).to.deep.equal([`+${linked.id}`]);
    expect(await tasks.get(linked.id)).to.include({ contactId: null, version: 2 });
    await tasks.delete(linked.id);
    expect(await w.changes()).to.deep.equal([`-${linked.id}`]);
  });
});
