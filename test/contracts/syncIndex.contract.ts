import { expect } from 'chai';
import type { Knex } from 'knex';
import { CrmSchema, type CrmTable } from '../../src/adapters/knex/schema/crmSchema.ts';
import type { ContactScope } from '../../src/domain/index.ts';
import type { CollectionState, ObjectStore, SyncIndex } from '../../src/ports/index.ts';

/**
 * Writes CRM data the way BrokerStar's web application does (not through our repositories), so that
 * a SyncIndex must notice every change on its own.
 */
export interface CrmFixture {
  user(scope?: ContactScope): Promise<number>;
  setScope(userId: number, scope: ContactScope): Promise<void>;
  joinTeam(teamName: string, userId: number): Promise<number>;
  leaveTeam(teamId: number, userId: number): Promise<void>;
  contact(ownerId: number, lastName?: string): Promise<number>;
  renameContact(contactId: number, lastName: string): Promise<void>;
  deleteContact(contactId: number): Promise<void>;
  share(contactId: number, userId: number): Promise<void>;
  unshare(contactId: number, userId: number): Promise<void>;
  appointment(ownerId: number, assigneeIds: readonly number[]): Promise<number>;
  task(ownerId: number, assigneeIds: readonly number[]): Promise<number>;
}

let unique = 0;

/** A {@link CrmFixture} in plain SQL on the CRM schema (migration 001). */
export function sqlCrm(db: Knex, s: CrmSchema = CrmSchema.reference): CrmFixture {
  const insertId = async (table: CrmTable, row: Record<string, unknown>) => Number((await db(s.t(table)).insert(s.row(table, row)))[0]);
  const where = (table: CrmTable, row: Record<string, unknown>) => db(s.t(table)).where(s.row(table, row));
  let groupId: number | undefined;
  return {
    async user(scope = 'OWN') {
      groupId ??= await insertId('user_groups', { name: `group-${process.pid}-${++unique}`, sync_contacts: 1, sync_calendar: 1, sync_tasks: 1 });
      const login = `user-${++unique}`;
      return insertId('users', { login, password_hash: 'x', display_name: login, mailing_module_enabled: 1, contact_scope: scope, group_id: groupId });
    },
    setScope: async (userId, scope) => { await where('users', { id: userId }).update(s.row('users', { contact_scope: scope })); },
    async joinTeam(teamName, userId) {
      const existing = await where('teams', { name: teamName }).first(`${s.c('teams', 'id')} as id`);
      const teamId = existing ? Number(existing.id) : await insertId('teams', { name: teamName });
      await db(s.t('team_memberships')).insert(s.row('team_memberships', { team_id: teamId, user_id: userId }));
      return teamId;
    },
    leaveTeam: async (teamId, userId) => { await where('team_memberships', { team_id: teamId, user_id: userId }).delete(); },
    contact: (ownerId, lastName = 'Muster') => insertId('contacts', { owner_id: ownerId, first_name: 'Hans', last_name: lastName }),
    renameContact: async (contactId, lastName) => { await where('contacts', { id: contactId }).update(s.row('contacts', { last_name: lastName })); },
    deleteContact: async (contactId) => { await where('contacts', { id: contactId }).delete(); },
    share: async (contactId, userId) => { await db(s.t('contact_shares')).insert(s.row('contact_shares', { contact_id: contactId, user_id: userId })); },
    unshare: async (contactId, userId) => { await where('contact_shares', { contact_id: contactId, user_id: userId }).delete(); },
    async appointment(ownerId, assigneeIds) {
      const id = await insertId('appointments', {
        title: 'Termin', starts_at: '2026-01-05 09:00:00.000', ends_at: '2026-01-05 10:00:00.000', owner_id: ownerId,
      });
      for (const userId of assigneeIds) await db(s.t('appointment_assignees')).insert(s.row('appointment_assignees', { appointment_id: id, user_id: userId }));
      return id;
    },
    async task(ownerId, assigneeIds) {
      const id = await insertId('tasks', { title: 'Aufgabe', owner_id: ownerId });
      for (const userId of assigneeIds) await db(s.t('task_assignees')).insert(s.row('task_assignees', { task_id: id, user_id: userId }));
      return id;
    },
  };
}

export interface SyncIndexWorld {
  readonly index: SyncIndex;
  readonly crm: CrmFixture;
  /** The object store sharing the index's storage (needed for the time-span index). */
  readonly objects: ObjectStore;
}

const event = (uid: string, start: string, end: string, extra = '') =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//contract//EN\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\n` +
  `DTSTART:${start}\r\nDTEND:${end}\r\n${extra}END:VEVENT\r\nEND:VCALENDAR\r\n`;

const ids = (rows: ReadonlyArray<{ objectId: number }>) => rows.map((r) => r.objectId);

/** Behaviour every {@link SyncIndex} must have. Declares its `it`s inside the caller's `describe`. */
export function syncIndexContract(world: () => SyncIndexWorld): void {
  const listAll = async (index: SyncIndex, state: CollectionState) => ids(await index.listMembers(state, 0, 10_000));

  it('builds a new collection with exactly the visible / assigned objects, ascending', async () => {
    const { index, crm } = world();
    const me = await crm.user('OWN');
    const other = await crm.user('OWN');
    const mine = [await crm.contact(me), await crm.contact(me)];
    const foreign = await crm.contact(other);
    const shared = await crm.contact(other);
    await crm.share(shared, me);
    const appointment = await crm.appointment(other, [me, other]);
    await crm.appointment(other, [other]);
    const task = await crm.task(me, [me]);

    expect(await index.peek({ userId: me, kind: 'contacts' })).to.equal(null);
    const contacts = await index.refresh({ userId: me, kind: 'contacts' });
    expect(await listAll(index, contacts)).to.deep.equal([...mine, shared].sort((a, b) => a - b)).and.not.include(foreign);
    expect(await listAll(index, await index.refresh({ userId: me, kind: 'calendar' }))).to.deep.equal([appointment]);
    expect(await listAll(index, await index.refresh({ userId: me, kind: 'tasks' }))).to.deep.equal([task]);
    expect(await index.peek({ userId: me, kind: 'contacts' })).to.deep.equal(contacts);
    expect(contacts.syncedSeq).to.equal(await index.currentSeq());
  });

  it('current gives the state only while nothing is to refresh, and writes nothing', async () => {
    const { index, crm } = world();
    const me = await crm.user('OWN');
    await crm.contact(me);
    expect(await index.current({ userId: me, kind: 'contacts' }), 'no collection yet').to.equal(null);
    expect(await index.peek({ userId: me, kind: 'contacts' }), 'current created nothing').to.equal(null);
    const state = await index.refresh({ userId: me, kind: 'contacts' });
    expect(await index.current({ userId: me, kind: 'contacts' })).to.deep.equal(state);
    await crm.contact(me);
    expect(await index.current({ userId: me, kind: 'contacts' }), 'a change is journalled: a refresh is due').to.equal(null);
    expect(await index.peek({ userId: me, kind: 'contacts' }), 'current refreshed nothing').to.deep.equal(state);
    const refreshed = await index.refresh({ userId: me, kind: 'contacts' });
    expect(await index.current({ userId: me, kind: 'contacts' })).to.deep.equal(refreshed);
  });

  it('pages members by object id and lists only the asked-for present members by id', async () => {
    const { index, crm } = world();
    const me = await crm.user('OWN');
    const all: number[] = [];
    for (let i = 0; i < 7; i++) all.push(await crm.contact(me));
    const state = await index.refresh({ userId: me, kind: 'contacts' });
    const first = await index.listMembers(state, 0, 3);
    expect(ids(first)).to.deep.equal(all.slice(0, 3));
    expect(ids(await index.listMembers(state, first[2]!.objectId, 10))).to.deep.equal(all.slice(3));
    const foreign = await crm.contact(await crm.user());
    expect(ids(await index.listMembersByIds(state, [all[5]!, foreign, all[1]!]))).to.deep.equal([all[1], all[5]]);
    expect(first[0]!.stored).to.equal(null);
    expect(first[0]!.crmVersion).to.be.a('number');
  });

  it('listMembersByIds with bodies carries each stored representation in full, as the object store has it', async () => {
    const { index, crm, objects } = world();
    const me = await crm.user('OWN');
    const [plain, named, unstored] = [await crm.contact(me), await crm.contact(me), await crm.contact(me)];
    const state = await index.refresh({ userId: me, kind: 'contacts' });
    const version = new Map((await index.listMembers(state, 0, 100)).map((m) => [m.objectId, m.crmVersion]));
    await objects.save({ kind: 'contact', objectId: plain, name: `brokerstar-contact-${plain}.vcf`, uid: `u-${plain}`, body: 'BEGIN:VCARD\r\nFN:Plain\r\nEND:VCARD\r\n', etag: '"p"', crmVersion: version.get(plain)! });
    await objects.save({ kind: 'contact', objectId: named, name: 'chosen.vcf', uid: `u-${named}`, body: 'BEGIN:VCARD\r\nFN:Named\r\nEND:VCARD\r\n', etag: '"n"', crmVersion: version.get(named)!, namedBy: me });
    const listed = await index.listMembersByIds(state, [plain, named, unstored], true);
    const stored = await objects.getMany('contact', [plain, named]);
    expect(ids(listed)).to.deep.equal([plain, named, unstored]);
    expect(listed[0]!.object).to.deep.equal(stored.get(plain));
    expect(listed[1]!.object).to.deep.equal(stored.get(named));
    expect(listed[2]!.object).to.equal(undefined);
    expect((await index.listMembersByIds(state, [plain]))[0]!.object).to.equal(undefined);
  });

  it('listMembersInRange never drops a member that may overlap: unstored, stale and endless ones stay', async () => {
    const { index, crm, objects } = world();
    const me = await crm.user('OWN');
    const unstored = await crm.appointment(me, [me]);
    const inJanuary = await crm.appointment(me, [me]);
    const stale = await crm.appointment(me, [me]);
    const endless = await crm.appointment(me, [me]);
    const state = await index.refresh({ userId: me, kind: 'calendar' });
    const version = new Map((await index.listMembers(state, 0, 100)).map((m) => [m.objectId, m.crmVersion]));
    // Spans as the application computes them (CalendarCodec.timeSpan) before saving.
    const span = (start: string, end: string | null) => ({ start: new Date(start), end: end ? new Date(end) : null });
    const save = (objectId: number, body: string, s: { start: Date; end: Date | null }, crmVersion = version.get(objectId)!) =>
      objects.save({ kind: 'appointment', objectId, name: `span-${objectId}.ics`, uid: `span-${objectId}`, body, etag: `"s${objectId}"`, crmVersion, span: s });
    await save(inJanuary, event(`span-${inJanuary}`, '20260105T090000Z', '20260105T100000Z'), span('2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z'));
    await save(stale, event(`span-${stale}`, '20300105T090000Z', '20300105T100000Z'), span('2030-01-05T09:00:00Z', '2030-01-05T10:00:00Z'), 0);
    await save(endless, event(`span-${endless}`, '20260105T090000Z', '20260105T100000Z', 'RRULE:FREQ=WEEKLY\r\n'), span('2026-01-05T09:00:00Z', null));
    const inRange = async (start: string | null, end: string | null, after = 0, limit = 100) =>
      ids(await index.listMembersInRange(state, { start: start ? new Date(start) : null, end: end ? new Date(end) : null }, after, limit));
    expect(await inRange('2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z')).to.deep.equal([unstored, stale, endless]);
    expect(await inRange('2026-01-05T09:30:00Z', '2026-01-05T10:30:00Z')).to.deep.equal([unstored, inJanuary, stale, endless]);
    expect(await inRange(null, '2025-01-01T00:00:00Z')).to.deep.equal([unstored, stale]);
    expect(await inRange('2025-01-01T00:00:00Z', null)).to.deep.equal([unstored, inJanuary, stale, endless]);
    expect(await inRange('2025-01-01T00:00:00Z', null, inJanuary, 1)).to.deep.equal([stale]);
    // The exact test that follows needs the bodies: they come with the listing, the unstored one has none.
    const listed = new Map((await index.listMembersInRange(state, { start: null, end: null }, 0, 100)).map((m) => [m.objectId, m.object]));
    expect(listed.get(unstored)).to.equal(undefined);
    expect(listed.get(inJanuary)).to.deep.equal((await objects.getMany('appointment', [inJanuary])).get(inJanuary));
    expect(listed.get(endless)?.body).to.include('RRULE:FREQ=WEEKLY');
  });

  it('answers an unchanged poll with the same state, and a change with a higher lastChangeSeq', async () => {
    const { index, crm } = world();
    const me = await crm.user('OWN');
    const c = await crm.contact(me);
    const first = await index.refresh({ userId: me, kind: 'contacts' });
    expect(await index.refresh({ userId: me, kind: 'contacts' })).to.deep.equal(first);
    await crm.renameContact(c, 'Neu');
    const second = await index.refresh({ userId: me, kind: 'contacts' });
    expect(second.lastChangeSeq).to.be.greaterThan(first.lastChangeSeq);
    expect(await index.changesSince(second, first.lastChangeSeq, Number.MAX_SAFE_INTEGER, 100))
      .to.deep.equal([{ objectId: c, present: true, changedSeq: second.lastChangeSeq }]);
  });

  it('reports edited members as present and deleted ones as gone when one refresh finds both', async () => {
    const { index, crm } = world();
    const me = await crm.user('OWN');
    const [edited, deleted, untouched] = [await crm.contact(me), await crm.contact(me), await crm.contact(me)];
    const first = await index.refresh({ userId: me, kind: 'contacts' });
    await crm.renameContact(edited, 'Geändert');
    await crm.deleteContact(deleted);
    const second = await index.refresh({ userId: me, kind: 'contacts' });
    expect(await index.changesSince(second, first.lastChangeSeq, Number.MAX_SAFE_INTEGER, 100)).to.deep.equal([
      { objectId: edited, present: true, changedSeq: second.lastChangeSeq },
      { objectId: deleted, present: false, changedSeq: second.lastChangeSeq },
    ].sort((a, b) => a.objectId - b.objectId));
    expect(ids(await index.listMembers(second, 0, 100))).to.deep.equal([edited, untouched].sort((a, b) => a - b));
  });

  it('keeps lastChangeSeq when only other users’ data changed, but advances syncedSeq', async () => {
    const { index, crm } = world();
    const me = await crm.user('OWN');
    const other = await crm.user('OWN');
    await crm.contact(me);
    const first = await index.refresh({ userId: me, kind: 'contacts' });
    await crm.contact(other);
    const second = await index.refresh({ userId: me, kind: 'contacts' });
    expect(second.lastChangeSeq).to.equal(first.lastChangeSeq);
    expect(second.syncedSeq).to.be.greaterThan(first.syncedSeq);
  });

  it('gives every collection its own id', async () => {
    const { index, crm } = world();
    const a = await crm.user();
    const b = await crm.user();
    const states = [
      await index.refresh({ userId: a, kind: 'contacts' }), await index.refresh({ userId: b, kind: 'contacts' }),
      await index.refresh({ userId: a, kind: 'calendar' }), await index.refresh({ userId: a, kind: 'tasks' }),
    ];
    expect(new Set(states.map((s) => s.id)).size).to.equal(4);
  });

  it('reports a touched object as changed', async () => {
    const { index, crm } = world();
    const me = await crm.user();
    const t = await crm.task(me, [me]);
    const before = await index.refresh({ userId: me, kind: 'tasks' });
    const seq = await index.currentSeq();
    await index.touch('task', t);
    expect(await index.currentSeq()).to.be.greaterThan(seq);
    const after = await index.refresh({ userId: me, kind: 'tasks' });
    expect(ids(await index.changesSince(after, before.lastChangeSeq, Number.MAX_SAFE_INTEGER, 10))).to.deep.equal([t]);
  });

  it('stores, replaces and removes client properties per collection', async () => {
    const { index, crm } = world();
    const state = await index.refresh({ userId: await crm.user(), kind: 'calendar' });
    await index.setProperty(state.id, '{http://apple.com/ns/ical/}calendar-color', '#FF0000');
    await index.setProperty(state.id, '{http://apple.com/ns/ical/}calendar-color', '#00FF00');
    await index.setProperty(state.id, '{DAV:}displayname', 'Mein Kalender');
    expect(await index.getProperties(state.id)).to.deep.equal({
      '{DAV:}displayname': 'Mein Kalender', '{http://apple.com/ns/ical/}calendar-color': '#00FF00',
    });
    await index.setProperty(state.id, '{DAV:}displayname', null);
    expect(Object.keys(await index.getProperties(state.id))).to.deep.equal(['{http://apple.com/ns/ical/}calendar-color']);
  });

  it('returns a collection without members for a user that does not exist', async () => {
    const { index } = world();
    const state = await index.refresh({ userId: 987_654, kind: 'contacts' });
    expect(await index.listMembers(state, 0, 10)).to.deep.equal([]);
  });

  it('pages changes inside one sequence number without losing or repeating any', async () => {
    const { index, crm } = world();
    const me = await crm.user('OWN');
    const made: number[] = [];
    for (let i = 0; i < 25; i++) made.push(await crm.contact(me));
    const state = await index.refresh({ userId: me, kind: 'contacts' });
    const seen: number[] = [];
    let seq = 0;
    let after = 0;
    for (let page = 0; page < 10; page++) {
      const rows = await index.changesSince(state, seq, after, 7);
      if (rows.length === 0) break;
      expect(rows.every((r) => r.changedSeq === state.lastChangeSeq)).to.equal(true);
      seen.push(...ids(rows));
      seq = rows[rows.length - 1]!.changedSeq;
      after = rows[rows.length - 1]!.objectId;
    }
    expect(seen).to.deep.equal(made);
    expect(await index.changesSince(state, state.lastChangeSeq, Number.MAX_SAFE_INTEGER, 7)).to.deep.equal([]);
  });
}
