import { expect } from 'chai';
import { UidConflict, VersionConflict } from '../../../src/domain/index.ts';
import { InMemoryDavTables, InMemoryObjectStore } from '../../../src/adapters/memory/index.ts';
import { objectStoreContract, storedObject } from '../../contracts/objectStore.contract.ts';

describe('InMemoryObjectStore', () => {
  let store: InMemoryObjectStore;
  beforeEach(() => {
    store = new InMemoryObjectStore(new InMemoryDavTables());
  });

  objectStoreContract(() => store);

  it('turns concurrent saves of one UID into one success and UidConflicts', async () => {
    const uid = `race-${Date.now()}`;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.save(storedObject({ uid }))));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.length - failures.length).to.equal(1);
    for (const f of failures) expect(f.reason).to.be.instanceOf(UidConflict);
  });

  it('saves with an expected ETag only while the live object still carries it', async () => {
    const o = storedObject();
    await store.save(o);
    const first = { ...o, body: 'first', etag: '"first"' };
    await store.save(first, o.etag);
    let caught: unknown;
    await store.save({ ...o, body: 'second', etag: '"second"' }, o.etag).catch((err: unknown) => { caught = err; });
    expect(caught).to.be.instanceOf(VersionConflict);
    expect(await store.findByUid('contact', o.uid)).to.deep.equal(first);
  });

  it('treats an expected ETag on a missing or removed object as a conflict, leaving tombstones in place', async () => {
    const o = storedObject();
    await store.save(o);
    await store.remove('contact', o.objectId);
    const successor = storedObject({ name: o.name });
    const attempts = [store.save(successor, o.etag), store.save({ ...o, crmVersion: 2 }, o.etag)];
    for (const attempt of attempts) {
      let caught: unknown;
      await attempt.catch((err: unknown) => { caught = err; });
      expect(caught).to.be.instanceOf(VersionConflict);
    }
    expect(await store.namesOf('contact', [o.objectId, successor.objectId])).to.deep.equal(new Map([[o.objectId, o.name]]));
  });

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
