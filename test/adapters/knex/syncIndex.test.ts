import { expect } from 'chai';
import { KnexObjectStore } from '../../../src/adapters/knex/KnexObjectStore.ts';
import { KnexSyncIndex } from '../../../src/adapters/knex/KnexSyncIndex.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { sqlCrm, syncIndexContract } from '../../contracts/syncIndex.contract.ts';

forEachDatabase('KnexSyncIndex contract', (db, _name, schema) => {
  syncIndexContract(() => ({ index: new KnexSyncIndex(db(), schema), crm: sqlCrm(db(), schema), objects: new KnexObjectStore(db()) }));
}, { schemaVariants: true });

forEachDatabase('KnexSyncIndex', (db, name) => {

  it('takes a device write\'s own change in at once: the next refresh has nothing to do, the change is listed', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user();
    const [x] = [await crm.contact(me)];
    const key = { userId: me, kind: 'contacts' as const };
    const before = await new KnexSyncIndex(db()).refresh(key);
    await db().transaction(async (trx) => {
      const index = new KnexSyncIndex(trx);
      const state = await index.refresh(key);
      await trx('contacts').where('id', x).update({ last_name: 'Geändert' });
      await index.touch('contact', x);
      await index.takeInOwnWrite(state, x);
    });
    const seq = await new KnexSyncIndex(db()).currentSeq();
    const after = await new KnexSyncIndex(db()).peek(key);
    expect(after).to.deep.include({ syncedSeq: seq, lastChangeSeq: seq });
    expect(await new KnexSyncIndex(db()).changesSince(after!, before.syncedSeq, Number.MAX_SAFE_INTEGER, 10))
      .to.deep.equal([{ objectId: x, changedSeq: seq, present: true }]);
  });

  it('leaves the collection to its next refresh when someone else\'s change came between (no change skipped)', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user();
    const [x, y] = [await crm.contact(me), await crm.contact(me)];
    const key = { userId: me, kind: 'contacts' as const };
    const before = await new KnexSyncIndex(db()).refresh(key);
    await db().transaction(async (trx) => {
      const index = new KnexSyncIndex(trx);
      const state = await index.refresh(key);
      // The web app commits after the writer's first read. On MySQL the writer's snapshot does not
      // show that entry; on SQLite (one connection) the web app writes on the writer's connection.
      if (name === 'mysql') await db()('contacts').where('id', y).update({ last_name: 'Web-App' });
      else await trx('contacts').where('id', y).update({ last_name: 'Web-App' });
      await trx('contacts').where('id', x).update({ last_name: 'Gerät' });
      await index.touch('contact', x);
      await index.takeInOwnWrite(state, x);
      expect((await trx('dav_collections').where('id', state.id).first('synced_seq')).synced_seq, 'not taken in').to.satisfy((v: unknown) => Number(v) === state.syncedSeq);
    });
    const state = await new KnexSyncIndex(db()).refresh(key);
    const changed = (await new KnexSyncIndex(db()).changesSince(state, before.syncedSeq, Number.MAX_SAFE_INTEGER, 10)).map((c) => c.objectId);
    expect(changed.sort((a, b) => a - b)).to.deep.equal([x, y].sort((a, b) => a - b));
  });

  it('lists the stored name, ETag and version of live objects next to the CRM version', async () => {
    const crm = sqlCrm(db());
    const index = new KnexSyncIndex(db());
    const me = await crm.user();
    const [a, b, c] = [await crm.contact(me), await crm.contact(me), await crm.contact(me)];
    const store = new KnexObjectStore(db());
    await store.save({ kind: 'contact', objectId: a, name: 'a.vcf', uid: `a-${a}`, body: 'A', etag: '"a"', crmVersion: 1 });
    await store.save({ kind: 'contact', objectId: b, name: 'b.vcf', uid: `b-${b}`, body: 'B', etag: '"b"', crmVersion: 1 });
    await store.remove('contact', b);
    await crm.renameContact(c, 'Zwei');
    const state = await index.refresh({ userId: me, kind: 'contacts' });
    expect(await index.listMembers(state, 0, 10)).to.deep.equal([
      { objectId: a, crmVersion: 1, stored: { name: 'a.vcf', etag: '"a"', crmVersion: 1, shadowed: false } },
      { objectId: b, crmVersion: 1, stored: null },
      { objectId: c, crmVersion: 2, stored: null },
    ]);
  });

  it('numbers journal entries strictly increasing and leaves the insert id alone', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user();
    const before = await new KnexSyncIndex(db()).currentSeq();
    const id = await db().transaction(async (trx) => {
      const [contactId] = await trx('contacts').insert({ owner_id: me, last_name: 'Id' });
      const [phoneId] = await trx('contact_phones').insert({ contact_id: contactId, number: '+41 44 000 00 00' });
      const phone = await trx('contact_phones').where('id', phoneId).first('contact_id');
      expect(Number(phone.contact_id), 'insert id of the phone').to.equal(Number(contactId));
      if (name === 'mysql') {
        const [[row]] = await trx.raw('SELECT LAST_INSERT_ID() AS id');
        expect(Number(row.id), 'LAST_INSERT_ID() after the triggers').to.equal(Number(phoneId));
      }
      return Number(contactId);
    });
    expect((await db()('contacts').where('id', id).first('last_name')).last_name).to.equal('Id');
    const seqs = (await db()('dav_change_journal').where('seq', '>', before).orderBy('seq').select('seq')).map((r) => Number(r.seq));
    expect(seqs).to.deep.equal([before + 1, before + 2]);
    expect(await new KnexSyncIndex(db()).currentSeq()).to.equal(before + 2);
  });

  it('answers an unchanged poll without writing anything', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user();
    await crm.contact(me);
    const index = new KnexSyncIndex(db());
    const first = await index.refresh({ userId: me, kind: 'contacts' });
    const writes: string[] = [];
    const listener = (q: { sql: string }) => { if (!/^\s*select/i.test(q.sql)) writes.push(q.sql); };
    const queries: string[] = [];
    const counter = (q: { sql: string }) => { queries.push(q.sql); };
    db().on('query', listener).on('query', counter);
    try {
      expect(await index.refresh({ userId: me, kind: 'contacts' })).to.deep.equal(first);
    } finally {
      db().removeListener('query', listener).removeListener('query', counter);
    }
    expect(writes).to.deep.equal([]);
    expect(queries).to.have.length(1);
  });

  it('ends consistent when five refreshes of one collection race', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user('OWN');
    const made: number[] = [];
    for (let i = 0; i < 20; i++) made.push(await crm.contact(me));
    const key = { userId: me, kind: 'contacts' as const };
    const states = await Promise.all(Array.from({ length: 5 }, () => new KnexSyncIndex(db()).refresh(key)));
    expect(new Set(states.map((s) => s.id)).size).to.equal(1);
    expect(new Set(states.map((s) => s.lastChangeSeq)).size).to.equal(1);
    const index = new KnexSyncIndex(db());
    expect((await index.listMembers(states[0]!, 0, 100)).map((m) => m.objectId)).to.deep.equal(made);

    await crm.renameContact(made[3]!, 'Race');
    const again = await Promise.all(Array.from({ length: 5 }, () => new KnexSyncIndex(db()).refresh(key)));
    expect(new Set(again.map((s) => s.lastChangeSeq)).size).to.equal(1);
    expect((await index.changesSince(again[0]!, states[0]!.lastChangeSeq, Number.MAX_SAFE_INTEGER, 100)).map((c) => c.objectId))
      .to.deep.equal([made[3]]);
  });

  it('falls back to a full rescan after very many journal entries and still reports content changes', async () => {
    const crm = sqlCrm(db());
    const me = await crm.user('OWN');
    const kept = await crm.contact(me);
    const dropped = await crm.contact(me);
    const index = new KnexSyncIndex(db());
    const before = await index.refresh({ userId: me, kind: 'contacts' });
    // Many entries at once, as a bulk import in BrokerStar would write.
    const other = await crm.user('OWN');
    const rows = Array.from({ length: 10_050 }, () => ({ owner_id: other, last_name: 'Bulk' }));
    for (let i = 0; i < rows.length; i += 500) await db()('contacts').insert(rows.slice(i, i + 500));
    await crm.renameContact(kept, 'Geändert');
    await crm.deleteContact(dropped);
    const after = await index.refresh({ userId: me, kind: 'contacts' });
    expect(await index.changesSince(after, before.lastChangeSeq, Number.MAX_SAFE_INTEGER, 10)).to.deep.equal([
      { objectId: kept, present: true, changedSeq: after.lastChangeSeq },
      { objectId: dropped, present: false, changedSeq: after.lastChangeSeq },
    ]);
  });
});
