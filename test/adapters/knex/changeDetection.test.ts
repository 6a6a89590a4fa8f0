import { expect } from 'chai';
import type { Knex } from 'knex';
import type { SyncKind } from '../../../src/domain/index.ts';
import type { CollectionState, MemberChange } from '../../../src/ports/index.ts';
import { KnexSyncIndex } from '../../../src/adapters/knex/KnexSyncIndex.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { sqlCrm } from '../../contracts/syncIndex.contract.ts';

/**
 * Changes made BEHIND the adapters' back, with plain SQL as BrokerStar's web application writes
 * them: the next refresh must report exactly these changes (and nothing else).
 */
class Watcher {
  private state: CollectionState | undefined;
  constructor(private readonly db: Knex, readonly userId: number, readonly kind: SyncKind) {}

  async start(): Promise<this> {
    this.state = await new KnexSyncIndex(this.db).refresh({ userId: this.userId, kind: this.kind });
    return this;
  }

  /** Refreshes and returns the changes since the previous call as `+id` (present) / `-id` (gone). */
  async changes(): Promise<string[]> {
    const index = new KnexSyncIndex(this.db);
    const before = this.state!;
    this.state = await index.refresh({ userId: this.userId, kind: this.kind });
    const rows: MemberChange[] = await index.changesSince(this.state, before.lastChangeSeq, Number.MAX_SAFE_INTEGER, 1000);
    if (rows.length > 0) expect(this.state.lastChangeSeq).to.be.greaterThan(before.lastChangeSeq);
    else expect(this.state.lastChangeSeq).to.equal(before.lastChangeSeq);
    return rows.map((r) => `${r.present ? '+' : '-'}${r.objectId}`);
  }

  async members(): Promise<number[]> {
    return (await new KnexSyncIndex(this.db).listMembers(this.state!, 0, 10_000)).map((m) => m.objectId);
  }
}

forEachDatabase('change detection behind the adapters’ back', (db) => {
  const watch = (userId: number, kind: SyncKind) => new Watcher(db(), userId, kind).start();

  it('sees a contact created, edited and deleted', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user('OWN');
    const w = await watch(me, 'contacts');
    const c = await crm.contact(me);
    expect(await w.changes()).to.deep.equal([`+${c}`]);
    await db()('contacts').where('id', c).update({ first_name: 'Heidi' });
    expect(await w.changes()).to.deep.equal([`+${c}`]);
    await db()('contacts').where('id', c).delete();
    expect(await w.changes()).to.deep.equal([`-${c}`]);
    expect(await w.changes()).to.deep.equal([]);
  });

  it('sees a change of only a phone number, and bumps the contact version once per statement', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user('OWN');
    const c = await crm.contact(me);
    const [phoneId] = await db()('contact_phones').insert({ contact_id: c, number: '044 111 11 11' });
    const w = await watch(me, 'contacts');
    const versionOf = async () => Number((await db()('dav_object_versions').where({ kind: 'contact', object_id: c }).first('version'))?.version ?? 0);
    const version = await versionOf();
    const before = { ...(await db()('contacts').where('id', c).first()) };
    await db()('contact_phones').where('id', phoneId).update({ number: '044 222 22 22' });
    expect(await w.changes()).to.deep.equal([`+${c}`]);
    expect(await versionOf()).to.equal(version + 1);
    // The CRM row itself is never written by the triggers (updated_at included).
    expect(await db()('contacts').where('id', c).first()).to.deep.equal(before);
    await db()('contacts').where('id', c).update({ notes: 'x' });
    expect(await versionOf()).to.equal(version + 2);
    const seqBefore = await new KnexSyncIndex(db()).currentSeq();
    await db()('contacts').where('id', c).update({ notes: 'y' });
    expect(await new KnexSyncIndex(db()).currentSeq()).to.equal(seqBefore + 1);
  });

  it('sees a contact shared with and unshared from the user', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user('OWN');
    const other = await crm.user('OWN');
    const c = await crm.contact(other);
    const w = await watch(me, 'contacts');
    await crm.share(c, me);
    expect(await w.changes()).to.deep.equal([`+${c}`]);
    await crm.unshare(c, me);
    expect(await w.changes()).to.deep.equal([`-${c}`]);
  });

  it('sees a team mate’s contacts appear and vanish with team membership (TEAM scope)', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user('TEAM');
    const mate = await crm.user('OWN');
    const stranger = await crm.user('OWN');
    const team = await crm.joinTeam(`Team-${me}`, me);
    const mates = [await crm.contact(mate), await crm.contact(mate)];
    await crm.contact(stranger);
    const w = await watch(me, 'contacts');
    expect(await w.members()).to.deep.equal([]);
    await crm.joinTeam(`Team-${me}`, mate);
    expect(await w.changes()).to.deep.equal(mates.map((id) => `+${id}`));
    await crm.leaveTeam(team, mate);
    expect(await w.changes()).to.deep.equal(mates.map((id) => `-${id}`));
    await crm.joinTeam(`Team-${me}`, mate);
    expect(await w.changes()).to.deep.equal(mates.map((id) => `+${id}`));
    // Deleting the team (its memberships go by cascade) must be seen too.
    await db()('teams').where('id', team).delete();
    expect(await w.changes()).to.deep.equal(mates.map((id) => `-${id}`));
  });

  it('sees a scope change from OWN to ALL and back', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user('OWN');
    const own = await crm.contact(me);
    const w = await watch(me, 'contacts');
    const everyone = (await db()('contacts').select('id')).map((r) => Number(r.id)).filter((id) => id !== own);
    await crm.setScope(me, 'ALL');
    expect(await w.changes()).to.deep.equal(everyone.map((id) => `+${id}`));
    expect(await w.members()).to.include(own);
    await crm.setScope(me, 'OWN');
    expect(await w.changes()).to.deep.equal(everyone.map((id) => `-${id}`));
    expect(await w.members()).to.deep.equal([own]);
  });

  it('sees an appointment re-assigned from A to B (A: removal, B: addition)', async () => {
    const crm = sqlCrm(db());
    const a = await crm.user();
    const b = await crm.user();
    const appointment = await crm.appointment(a, [a]);
    const wa = await watch(a, 'calendar');
    const wb = await watch(b, 'calendar');
    await db().transaction(async (trx) => {
      await trx('appointment_assignees').where({ appointment_id: appointment, user_id: a }).delete();
      await trx('appointment_assignees').insert({ appointment_id: appointment, user_id: b });
    });
    expect(await wa.changes()).to.deep.equal([`-${appointment}`]);
    expect(await wb.changes()).to.deep.equal([`+${appointment}`]);
    await db()('appointments').where('id', appointment).update({ title: 'Verschoben' });
    expect(await wa.changes()).to.deep.equal([]);
    expect(await wb.changes()).to.deep.equal([`+${appointment}`]);
  });

  it('sees a task completed, and a deleted task leave every assignee’s list', async () => {
    const crm = sqlCrm(db());
    const a = await crm.user();
    const b = await crm.user();
    const task = await crm.task(a, [a, b]);
    const wa = await watch(a, 'tasks');
    const wb = await watch(b, 'tasks');
    await db()('tasks').where('id', task).update({ status: 'done', percent_complete: 100, completed_at: '2026-02-01 08:00:00.000' });
    expect(await wa.changes()).to.deep.equal([`+${task}`]);
    await db()('tasks').where('id', task).delete();
    expect(await wa.changes()).to.deep.equal([`-${task}`]);
    expect(await wb.changes()).to.deep.equal([`-${task}`]);
  });

  it("keeps a task whose contact is deleted: the CRM's own ON DELETE SET NULL unlinks it, the triggers change no CRM row", async () => {
    const crm = sqlCrm(db());
    const me = await crm.user();
    const c = await crm.contact(me);
    const [task] = await db()('tasks').insert({ title: 'Anrufen', owner_id: me, contact_id: c });
    await db()('task_assignees').insert({ task_id: task, user_id: me });
    const w = await watch(me, 'tasks');
    await crm.deleteContact(c);
    // The contact link is not part of the task's iCalendar representation; SQLite fires the task's
    // update trigger for the SET NULL action (MySQL does not), which only re-sends the same content.
    expect(await w.changes()).to.satisfy((changes: string[]) => changes.length === 0 || (changes.length === 1 && changes[0] === `+${task}`));
    expect(await db()('tasks').where('id', task).first('contact_id')).to.deep.equal({ contact_id: null });
  });
});
