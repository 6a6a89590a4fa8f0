import { expect } from 'chai';
import { InMemoryDavTables, InMemoryObjectStore } from '../../../src/adapters/memory/index.ts';
import { objectStoreContract, storedObject } from '../../contracts/objectStore.contract.ts';

describe('InMemoryObjectStore', () => {
  let store: InMemoryObjectStore;
  beforeEach(() => {
    store = new InMemoryObjectStore(new InMemoryDavTables());
  });

  objectStoreContract(() => store);

  it('does not let saveRendered revive a name a live device object took from a tombstone', async () => {
    const o = storedObject({ kind: 'task' });
    await store.save(o);
    await store.remove('task', o.objectId);
    const device = storedObject({ kind: 'task', name: o.name });
    await store.save(device);
    await store.saveRendered([{ ...o, crmVersion: 9 }]);
    expect((await store.findByName('task', o.name))?.objectId).to.equal(device.objectId);
    expect((await store.getMany('task', [o.objectId])).size).to.equal(0);
  });

  it('rejects an empty or too long UID or name with a domain error', async () => {
    for (const bad of [storedObject({ uid: 'x'.repeat(256) }), storedObject({ name: '' })]) {
      let caught: unknown;
      await store.save(bad).catch((err: unknown) => { caught = err; });
      expect((caught as { code?: string }).code).to.equal('invalid-object-data');
    }
  });

  it('hands out copies: changing a returned object does not change the store', async () => {
    const o = storedObject();
    await store.save(o);
    const got = (await store.getMany('contact', [o.objectId])).get(o.objectId) as { body: string };
    got.body = 'tampered';
    expect((await store.findByName('contact', o.name))?.body).to.equal(o.body);
  });
});
