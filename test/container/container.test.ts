import { expect } from 'chai';
import { buildContainer } from '../../src/container.ts';
import { SystemClock } from '../../src/adapters/system/SystemClock.ts';
import { KnexUserDirectory } from '../../src/adapters/knex/KnexUserDirectory.ts';
import { InMemoryObjectStore, InMemorySyncIndex, InMemoryTransactions, InMemoryUserDirectory } from '../../src/adapters/memory/index.ts';
import { TOKENS } from '../../src/ports/index.ts';
import { forEachDatabase } from '../support/databases.ts';

/** Ports bound by every storage choice. */
const CRM_PORTS = [TOKENS.Clock, TOKENS.UserDirectory, TOKENS.ContactDirectory, TOKENS.AppointmentBook, TOKENS.TaskList] as const;
/** Ports of the DAV side's own tables. */
const DAV_STORAGE_PORTS = [TOKENS.ObjectStore, TOKENS.SyncIndex, TOKENS.Transactions] as const;
/** Ports that storage does not provide: the codecs come from `formatsModule`. */
const CODEC_PORTS: readonly unknown[] = [TOKENS.ContactCodec, TOKENS.CalendarCodec, TOKENS.RecurrenceEngine, TOKENS.AddressCardMatcher, TOKENS.CalendarQueryMatcher, TOKENS.RenderFailureReporter];

describe('container with memory storage', () => {
  it('resolves every CRM port to the in-memory adapters, once per container', async () => {
    const container = await buildContainer({ memory: true });
    for (const token of CRM_PORTS) expect(container.get(token), String(token)).to.be.an('object');
    expect(container.get(TOKENS.Clock)).to.be.instanceOf(SystemClock);
    expect(container.get(TOKENS.UserDirectory)).to.be.instanceOf(InMemoryUserDirectory);
    expect(container.get(TOKENS.UserDirectory)).to.equal(container.get(TOKENS.UserDirectory));
  });

  it('resolves every port token except the codecs, the DAV storage ports included', async () => {
    const container = await buildContainer({ memory: true });
    const storagePorts = Object.values(TOKENS).filter((t) => !CODEC_PORTS.includes(t));
    expect(storagePorts).to.include.members([...CRM_PORTS, ...DAV_STORAGE_PORTS]);
    for (const token of storagePorts) expect(container.get(token), String(token)).to.be.an('object');
    expect(container.get(TOKENS.ObjectStore)).to.be.instanceOf(InMemoryObjectStore);
    expect(container.get(TOKENS.SyncIndex)).to.be.instanceOf(InMemorySyncIndex);
    expect(container.get(TOKENS.Transactions)).to.be.instanceOf(InMemoryTransactions);
  });

  it('backs index, objects and transactions with the container’s one state; a throwing run leaves nothing behind', async () => {
    const container = await buildContainer({ memory: true });
    const users = container.get(TOKENS.UserDirectory);
    const index = container.get(TOKENS.SyncIndex);
    const objects = container.get(TOKENS.ObjectStore);
    const groupId = await users.createGroup({
      name: 'Berater', syncContacts: true, syncCalendar: true, syncTasks: true, mayEditContacts: true, mayDeleteContacts: true,
    });
    const me = await users.createUser({
      login: 'anna', password: 'demo', displayName: 'Anna', email: null, groupId, mailingModuleEnabled: true, contactScope: 'OWN',
    });
    const seq = await index.currentSeq();
    const attempt = container.get(TOKENS.Transactions).run(async (ports) => {
      const contact = await ports.contacts.create(me.id, {
        kind: 'person', salutation: null, title: null, firstName: 'Hans', lastName: 'Weg', company: null, department: null,
        position: null, birthday: null, notes: null, website: null, addresses: [], phones: [], emails: [],
      });
      await ports.objects.save({ kind: 'contact', objectId: contact.id, name: 'weg.vcf', uid: 'weg', body: 'B', etag: '"b"', crmVersion: 1 });
      // The container's own ports, called from inside the run, neither wait for it nor miss its writes.
      expect(await container.get(TOKENS.ContactDirectory).visibleIds(me.id)).to.deep.equal([contact.id]);
      const state = await index.refresh({ userId: me.id, kind: 'contacts' });
      expect((await index.listMembers(state, 0, 10)).map((m) => m.stored?.name)).to.deep.equal(['weg.vcf']);
      throw new Error('boom');
    });
    // Called while the run is in progress: waits for it, so it sees the state after the rollback.
    const outside = container.get(TOKENS.ContactDirectory).visibleIds(me.id);
    expect(await attempt.catch((err: Error) => err.message)).to.equal('boom');
    expect(await outside).to.deep.equal([]);
    expect(await index.currentSeq()).to.equal(seq);
    expect(await objects.findByName('contact', 'weg.vcf')).to.equal(null);
    expect(await index.peek({ userId: me.id, kind: 'contacts' })).to.equal(null);
  });

  it('shares one in-memory CRM between the adapters of a container, not between containers', async () => {
    const a = await buildContainer({ memory: true });
    const b = await buildContainer({ memory: true });
    const groupId = await a.get(TOKENS.UserDirectory).createGroup({
      name: 'Berater', syncContacts: true, syncCalendar: true, syncTasks: true, mayEditContacts: true, mayDeleteContacts: true,
    });
    const user = await a.get(TOKENS.UserDirectory).createUser({
      login: 'max.muster', password: 'demo', displayName: 'Max', email: null, groupId, mailingModuleEnabled: true, contactScope: 'OWN',
    });
    const contact = await a.get(TOKENS.ContactDirectory).create(user.id, {
      kind: 'person', salutation: null, title: null, firstName: 'Hans', lastName: 'Müller', company: null, department: null,
      position: null, birthday: null, notes: null, website: null, addresses: [], phones: [], emails: [],
    });
    expect(await a.get(TOKENS.ContactDirectory).visibleIds(user.id)).to.deep.equal([contact.id]);
    expect(await b.get(TOKENS.UserDirectory).findByLogin('max.muster')).to.equal(null);
  });
});

forEachDatabase('container with knex storage', (db) => {
  it('resolves every port to the knex adapters on the given instance', async () => {
    const container = await buildContainer({ knex: db() });
    for (const token of [...CRM_PORTS, ...DAV_STORAGE_PORTS]) expect(container.get(token), String(token)).to.be.an('object');
    expect(container.get(TOKENS.UserDirectory)).to.be.instanceOf(KnexUserDirectory);
    const id = await container.get(TOKENS.UserDirectory).createGroup({
      name: 'Container-Test', syncContacts: false, syncCalendar: true, syncTasks: false, mayEditContacts: false, mayDeleteContacts: false,
    });
    const row = await db()('user_groups').where('id', id).first();
    expect(row.name).to.equal('Container-Test');
  });
});
