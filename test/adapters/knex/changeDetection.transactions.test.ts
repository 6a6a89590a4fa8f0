import { expect } from 'chai';
import type { ContactFields } from '../../../src/domain/index.ts';
import { KnexTransactions } from '../../../src/adapters/knex/KnexTransactions.ts';
import { KnexSyncIndex } from '../../../src/adapters/knex/KnexSyncIndex.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { sqlCrm } from '../../contracts/syncIndex.contract.ts';

const FIELDS: ContactFields = {
  kind: 'person', salutation: null, title: null, firstName: 'Anna', lastName: 'Rollback', company: null,
  department: null, position: null, birthday: null, notes: null, website: null,
  addresses: [], phones: [{ type: 'mobile', number: '+41 79 000 00 00' }], emails: [],
};

forEachDatabase('KnexTransactions', (db) => {
  it('commits CRM rows, journal entries, objects and index changes together', async () => {
    const me = await sqlCrm(db()).user('OWN');
    const before = await new KnexSyncIndex(db()).currentSeq();
    const id = await new KnexTransactions(db()).run(async (ports) => {
      const contact = await ports.contacts.create(me, FIELDS);
      await ports.objects.save({ kind: 'contact', objectId: contact.id, name: `tx-${contact.id}.vcf`, uid: `tx-${contact.id}`, body: 'B', etag: '"b"', crmVersion: contact.version });
      const state = await ports.syncIndex.refresh({ userId: me, kind: 'contacts' });
      expect((await ports.syncIndex.listMembers(state, 0, 10)).map((m) => m.objectId)).to.deep.equal([contact.id]);
      return contact.id;
    });
    expect(await db()('contacts').where('id', id).first('id')).to.not.equal(undefined);
    expect(await new KnexSyncIndex(db()).currentSeq()).to.be.greaterThan(before);
    expect(await db()('dav_objects').where({ kind: 'contact', object_id: id }).first('id')).to.not.equal(undefined);
  });

  it('leaves no CRM row, journal entry, object or collection when the work throws after writing', async () => {
    const me = await sqlCrm(db()).user('OWN');
    const seq = await new KnexSyncIndex(db()).currentSeq();
    const counts = async () => Promise.all(['contacts', 'contact_phones', 'dav_change_journal', 'dav_objects', 'dav_collections']
      .map(async (t) => Number((await db()(t).count({ n: '*' }))[0]!.n)));
    const before = await counts();
    let caught: unknown;
    try {
      await new KnexTransactions(db()).run(async (ports) => {
        const contact = await ports.contacts.create(me, FIELDS);
        await ports.objects.save({ kind: 'contact', objectId: contact.id, name: `rb-${contact.id}.vcf`, uid: `rb-${contact.id}`, body: 'B', etag: '"b"', crmVersion: 1 });
        await ports.syncIndex.refresh({ userId: me, kind: 'contacts' });
        await ports.syncIndex.touch('contact', contact.id);
        throw new Error('boom');
      });
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).message).to.equal('boom');
    expect(await counts()).to.deep.equal(before);
    expect(await new KnexSyncIndex(db()).currentSeq()).to.equal(seq);
    expect(await new KnexSyncIndex(db()).peek({ userId: me, kind: 'contacts' })).to.equal(null);
  });
});
