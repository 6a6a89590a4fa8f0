import { expect } from 'chai';
import type { ContactFields } from '../../../src/domain/index.ts';
import type { TransactionalPorts } from '../../../src/ports/index.ts';
import {
  InMemoryAppointmentBook, InMemoryContactDirectory, InMemoryCrm, InMemoryDavTables, InMemoryObjectStore, InMemorySyncIndex,
  InMemoryTaskList, InMemoryTransactions,
} from '../../../src/adapters/memory/index.ts';
import { memoryCrm } from './memoryCrmFixture.ts';

const FIELDS: ContactFields = {
  kind: 'person', salutation: null, title: null, firstName: 'Anna', lastName: 'Rollback', company: null,
  department: null, position: null, birthday: null, notes: null, website: null,
  addresses: [], phones: [{ type: 'mobile', number: '+41 79 000 00 00' }], emails: [],
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('InMemoryTransactions', () => {
  let crm: InMemoryCrm;
  let ports: TransactionalPorts;
  let transactions: InMemoryTransactions;
  beforeEach(() => {
    crm = new InMemoryCrm();
    const tables = new InMemoryDavTables();
    ports = {
      contacts: new InMemoryContactDirectory(crm), appointments: new InMemoryAppointmentBook(crm), tasks: new InMemoryTaskList(crm),
      objects: new InMemoryObjectStore(tables), syncIndex: new InMemorySyncIndex(crm, tables),
    };
    transactions = new InMemoryTransactions(crm, tables, ports);
  });

  it('commits CRM rows, journal entries, objects and index changes together', async () => {
    const me = await memoryCrm(crm).user('OWN');
    const before = await ports.syncIndex.currentSeq();
    const id = await transactions.run(async (tx) => {
      const contact = await tx.contacts.create(me, FIELDS);
      await tx.objects.save({ kind: 'contact', objectId: contact.id, name: `tx-${contact.id}.vcf`, uid: `tx-${contact.id}`, body: 'B', etag: '"b"', crmVersion: contact.version });
      await tx.syncIndex.refresh({ userId: me, kind: 'contacts' });
      return contact.id;
    });
    expect(await ports.contacts.get(id)).to.not.equal(null);
    expect(await ports.syncIndex.currentSeq()).to.be.greaterThan(before);
    expect((await ports.objects.getMany('contact', [id])).size).to.equal(1);
    expect(await ports.syncIndex.peek({ userId: me, kind: 'contacts' })).to.not.equal(null);
  });

  it('leaves no CRM row, journal entry, object or collection when the work throws after writing', async () => {
    const me = await memoryCrm(crm).user('OWN');
    const seq = await ports.syncIndex.currentSeq();
    let made = 0;
    let caught: unknown;
    try {
      await transactions.run(async (tx) => {
        const contact = await tx.contacts.create(me, FIELDS);
        made = contact.id;
        await tx.objects.save({ kind: 'contact', objectId: contact.id, name: `rb-${contact.id}.vcf`, uid: `rb-${contact.id}`, body: 'B', etag: '"b"', crmVersion: 1 });
        const state = await tx.syncIndex.refresh({ userId: me, kind: 'contacts' });
        await tx.syncIndex.setProperty(state.id, '{DAV:}displayname', 'Weg');
        await tx.syncIndex.touch('contact', contact.id);
        throw new Error('boom');
      });
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).message).to.equal('boom');
    expect(crm.contacts.size).to.equal(0);
    expect(await ports.syncIndex.currentSeq()).to.equal(seq);
    expect(await ports.objects.namesOf('contact', [made])).to.deep.equal(new Map());
    expect(await ports.syncIndex.peek({ userId: me, kind: 'contacts' })).to.equal(null);
    // The id sequence is restored too, and the adapters keep working on the restored state.
    expect((await ports.contacts.create(me, FIELDS)).id).to.equal(made);
  });

  it('runs concurrent transactions one after the other, never interleaved', async () => {
    const me = await memoryCrm(crm).user('OWN');
    const log: string[] = [];
    const work = (name: string) => transactions.run(async (tx) => {
      log.push(`${name} start`);
      await tx.contacts.create(me, FIELDS);
      await tick();
      log.push(`${name} end`);
    });
    await Promise.all([work('a'), work('b'), work('c')]);
    expect(log).to.deep.equal(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('rolls back a nested run like a savepoint, keeping the outer work', async () => {
    const me = await memoryCrm(crm).user('OWN');
    const outer = await transactions.run(async (tx) => {
      const kept = await tx.contacts.create(me, FIELDS);
      await transactions.run(async (inner) => {
        await inner.contacts.create(me, { ...FIELDS, lastName: 'Inner' });
        throw new Error('inner');
      }).catch(() => undefined);
      return kept.id;
    });
    expect([...crm.contacts.keys()]).to.deep.equal([outer]);
  });
});
