import { expect } from 'chai';
import { InMemoryCrm, InMemoryDavTables, InMemoryObjectStore, InMemorySyncIndex } from '../../../src/adapters/memory/index.ts';
import { syncIndexContract, type SyncIndexWorld } from '../../contracts/syncIndex.contract.ts';
import { memoryCrm } from './memoryCrmFixture.ts';

/** A fresh in-memory world: CRM, DAV tables, and the index and object store sharing them. */
function memoryWorld(): SyncIndexWorld & { readonly state: InMemoryCrm } {
  const state = new InMemoryCrm();
  const tables = new InMemoryDavTables();
  return { state, index: new InMemorySyncIndex(state, tables), objects: new InMemoryObjectStore(tables), crm: memoryCrm(state) };
}

describe('InMemorySyncIndex', () => {
  let world: ReturnType<typeof memoryWorld>;
  beforeEach(() => {
    world = memoryWorld();
  });

  syncIndexContract(() => world);

  it('lists the stored name, ETag and version of live objects next to the CRM version', async () => {
    const { crm, index, objects } = world;
    const me = await crm.user();
    const [a, b, c] = [await crm.contact(me), await crm.contact(me), await crm.contact(me)];
    await objects.save({ kind: 'contact', objectId: a, name: 'a.vcf', uid: `a-${a}`, body: 'A', etag: '"a"', crmVersion: 1 });
    await objects.save({ kind: 'contact', objectId: b, name: 'b.vcf', uid: `b-${b}`, body: 'B', etag: '"b"', crmVersion: 1 });
    await objects.remove('contact', b);
    await crm.renameContact(c, 'Zwei');
    const state = await index.refresh({ userId: me, kind: 'contacts' });
    expect(await index.listMembers(state, 0, 10)).to.deep.equal([
      { objectId: a, crmVersion: 1, stored: { name: 'a.vcf', etag: '"a"', crmVersion: 1, shadowed: false } },
      { objectId: b, crmVersion: 1, stored: null },
      { objectId: c, crmVersion: 2, stored: null },
    ]);
  });

  it('numbers journal entries strictly increasing, one per row a trigger would see', async () => {
    const { crm, index, state } = world;
    const me = await crm.user();
    const before = await index.currentSeq();
    const c = await crm.contact(me);
    await crm.renameContact(c, 'Neu');
    const seqs = state.journal.entriesBetween(before, Number.MAX_SAFE_INTEGER).map((e) => e.seq);
    expect(seqs).to.deep.equal([before + 1, before + 2]);
    expect(await index.currentSeq()).to.equal(before + 2);
    expect(state.contacts.get(c)?.version).to.equal(2);
  });

  it('answers an unchanged poll without changing anything', async () => {
    const { crm, index, state } = world;
    const me = await crm.user();
    await crm.contact(me);
    const first = await index.refresh({ userId: me, kind: 'contacts' });
    const seq = state.journal.currentSeq;
    expect(await index.refresh({ userId: me, kind: 'contacts' })).to.deep.equal(first);
    expect(state.journal.currentSeq).to.equal(seq);
  });

  it('ends consistent when five refreshes of one collection race', async () => {
    const { crm, index } = world;
    const me = await crm.user('OWN');
    const made: number[] = [];
    for (let i = 0; i < 20; i++) made.push(await crm.contact(me));
    const key = { userId: me, kind: 'contacts' as const };
    const states = await Promise.all(Array.from({ length: 5 }, () => index.refresh(key)));
    expect(new Set(states.map((s) => s.id)).size).to.equal(1);
    expect(new Set(states.map((s) => s.lastChangeSeq)).size).to.equal(1);
    expect((await index.listMembers(states[0]!, 0, 100)).map((m) => m.objectId)).to.deep.equal(made);
  });

  it('hands out collection states that cannot change the stored collection', async () => {
    const { crm, index } = world;
    const me = await crm.user();
    const state = await index.refresh({ userId: me, kind: 'tasks' });
    (state as { syncedSeq: number }).syncedSeq = -5;
    expect((await index.peek({ userId: me, kind: 'tasks' }))?.syncedSeq).to.equal(await index.currentSeq());
  });
});
