import { expect } from 'chai';
import { UidConflict, VersionConflict, type ObjectKind } from '../../src/domain/index.ts';
import type { ObjectStore, StoredObject } from '../../src/ports/index.ts';

let counter = 0;

/** A stored object with fresh (unused) object id, name and UID unless given. */
export function storedObject(over: Partial<StoredObject> = {}): StoredObject {
  const n = ++counter + Math.floor(Math.random() * 1e6) * 1000;
  return {
    kind: 'contact', objectId: n, name: `obj-${n}.vcf`, uid: `uid-${n}`,
    body: `BEGIN:VCARD\r\nUID:uid-${n}\r\nEND:VCARD\r\n`, etag: `"e${n}"`, crmVersion: 1, ...over,
  };
}

async function expectConflict(work: Promise<unknown>, existingName: string, kind: ObjectKind = 'contact'): Promise<void> {
  let caught: unknown;
  try {
    await work;
  } catch (err) {
    caught = err;
  }
  expect(caught).to.be.instanceOf(UidConflict);
  expect((caught as UidConflict).existingName).to.equal(existingName);
  expect((caught as UidConflict).kind).to.equal(kind);
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (err) {
    return err;
  }
  return undefined;
}

/** Behaviour every {@link ObjectStore} must have. Declares its `it`s inside the caller's `describe`. */
export function objectStoreContract(store: () => ObjectStore): void {
  it('saves and finds an object by id, name and UID', async () => {
    const o = storedObject();
    await store().save(o);
    expect((await store().getMany('contact', [o.objectId, 999_999_999])).get(o.objectId)).to.deep.equal(o);
    expect(await store().findByName('contact', o.name)).to.deep.equal(o);
    expect(await store().findByUid('contact', o.uid)).to.deep.equal(o);
    expect(await store().idsByNames('contact', [o.name, 'unknown.vcf'])).to.deep.equal(new Map([[o.name, [o.objectId]]]));
    expect(await store().idsByUid('contact', o.uid)).to.deep.equal([o.objectId]);
    expect(await store().idsByNamesAndUid('contact', [o.name, 'unknown.vcf'], o.uid)).to.deep.equal({ byName: new Map([[o.name, [o.objectId]]]), byUid: [o.objectId] });
    expect(await store().idsByNamesAndUid('contact', [], o.uid)).to.deep.equal({ byName: new Map(), byUid: [o.objectId] });
    expect(await store().idsByNamesAndUid('contact', [o.name], 'another-uid')).to.deep.equal({ byName: new Map([[o.name, [o.objectId]]]), byUid: [] });
    expect(await store().findByName('appointment', o.name)).to.equal(null);
  });

  it('replaces the representation of the same object', async () => {
    const o = storedObject();
    await store().save(o);
    const changed = { ...o, name: `renamed-${o.name}`, body: 'BEGIN:VCARD\r\nEND:VCARD\r\n', etag: '"new"', crmVersion: 2 };
    await store().save(changed);
    expect(await store().findByName('contact', o.name)).to.equal(null);
    expect(await store().findByUid('contact', o.uid)).to.deep.equal(changed);
  });

  it('treats names that differ in case as different resources', async () => {
    const o = storedObject({ name: `Case-${counter}.vcf` });
    const p = storedObject({ name: o.name.toLowerCase() });
    await store().save(o);
    await store().save(p);
    expect((await store().findByName('contact', o.name))?.objectId).to.equal(o.objectId);
    expect((await store().findByName('contact', p.name))?.objectId).to.equal(p.objectId);
  });

  it('rejects a UID or name that another live object of the kind holds', async () => {
    const o = storedObject();
    await store().save(o);
    await expectConflict(store().save(storedObject({ uid: o.uid })), o.name);
    await expectConflict(store().save(storedObject({ name: o.name })), o.name);
    // Another kind is another namespace.
    await store().save(storedObject({ kind: 'task', uid: o.uid, name: o.name }));
  });

  it('leaves a tombstone that only namesOf sees, and lets a new object take its name and UID', async () => {
    const o = storedObject();
    await store().save(o);
    await store().remove('contact', o.objectId);
    expect(await store().findByName('contact', o.name)).to.equal(null);
    expect(await store().findByUid('contact', o.uid)).to.equal(null);
    expect((await store().getMany('contact', [o.objectId])).size).to.equal(0);
    expect(await store().idsByNames('contact', [o.name])).to.deep.equal(new Map());
    expect(await store().idsByUid('contact', o.uid)).to.deep.equal([]);
    expect(await store().idsByNamesAndUid('contact', [o.name], o.uid)).to.deep.equal({ byName: new Map(), byUid: [] });
    expect(await store().namesOf('contact', [o.objectId])).to.deep.equal(new Map([[o.objectId, o.name]]));

    const successor = storedObject({ name: o.name, uid: o.uid });
    await store().save(successor);
    expect(await store().findByName('contact', o.name)).to.deep.equal(successor);
    expect((await store().namesOf('contact', [o.objectId])).has(o.objectId)).to.equal(false);
  });

  it('revives a removed object when it is saved again', async () => {
    const o = storedObject();
    await store().save(o);
    await store().remove('contact', o.objectId);
    await store().save({ ...o, crmVersion: 3 });
    expect(await store().findByUid('contact', o.uid)).to.deep.equal({ ...o, crmVersion: 3 });
  });

  it('turns concurrent saves of one UID into one success and UidConflicts', async () => {
    const uid = `race-${Date.now()}-${counter}`;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => store().save(storedObject({ uid }))));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.length - failures.length).to.equal(1);
    for (const f of failures) expect(f.reason).to.be.instanceOf(UidConflict);
  });

  it('saves with an expected ETag only while the live object still carries it', async () => {
    const o = storedObject();
    await store().save(o);
    const first = { ...o, body: 'first', etag: '"first"' };
    await store().save(first, o.etag);
    expect(await rejection(store().save({ ...o, body: 'second', etag: '"second"' }, o.etag))).to.be.instanceOf(VersionConflict);
    expect(await store().findByUid('contact', o.uid)).to.deep.equal(first);
  });

  it('treats an expected ETag on a missing or removed object as a conflict, leaving tombstones in place', async () => {
    const o = storedObject();
    await store().save(o);
    await store().remove('contact', o.objectId);
    const successor = storedObject({ name: o.name });
    for (const attempt of [store().save(successor, o.etag), store().save({ ...o, crmVersion: 2 }, o.etag)]) {
      expect(await rejection(attempt)).to.be.instanceOf(VersionConflict);
    }
    expect(await store().namesOf('contact', [o.objectId, successor.objectId])).to.deep.equal(new Map([[o.objectId, o.name]]));
  });

  it('with an expected ETag, also renames, changes the UID or clears a tombstone in the way, and refuses a UID another live object holds', async () => {
    const o = storedObject();
    const gone = storedObject();
    const other = storedObject();
    for (const x of [o, gone, other]) await store().save(x);
    await store().remove('contact', gone.objectId);
    const moved = { ...o, name: gone.name, uid: gone.uid, etag: '"moved"' };
    await store().save(moved, o.etag);
    expect(await store().findByName('contact', gone.name)).to.deep.equal(moved);
    expect(await store().findByName('contact', o.name)).to.equal(null);
    await expectConflict(store().save({ ...moved, uid: other.uid, etag: '"taken"' }, moved.etag), other.name);
    expect(await store().findByUid('contact', gone.uid)).to.deep.equal(moved);
  });

  it('saves rendered objects in batches, keeping stored ones that are as new or newer', async () => {
    const kept = storedObject({ kind: 'appointment', crmVersion: 5 });
    const outdated = storedObject({ kind: 'appointment', crmVersion: 1 });
    await store().save(kept);
    await store().save(outdated);
    const fresh = Array.from({ length: 620 }, () => storedObject({ kind: 'appointment' }));
    const rendered = [
      { ...kept, body: 'stale', crmVersion: 5 }, { ...outdated, body: 'newer', crmVersion: 2 }, ...fresh,
    ];
    await store().saveRendered(rendered);
    const got = await store().getMany('appointment', rendered.map((o) => o.objectId));
    expect(got.size).to.equal(rendered.length);
    expect(got.get(kept.objectId)).to.deep.equal(kept);
    expect(got.get(outdated.objectId)?.body).to.equal('newer');
    expect(got.get(fresh[600]!.objectId)).to.deep.equal(fresh[600]);
  });

  it('keeps names and UIDs unique per namespace: two users\' devices may use the same ones', async () => {
    const mine = storedObject({ namedBy: 101 });
    await store().save(mine);
    const theirs = storedObject({ name: mine.name, uid: mine.uid, namedBy: 202 });
    await store().save(theirs);
    expect(await store().findByName('contact', mine.name, 101)).to.deep.equal(mine);
    expect(await store().findByName('contact', mine.name, 202)).to.deep.equal(theirs);
    expect(await store().findByName('contact', mine.name)).to.equal(null);
    expect(await store().idsByNames('contact', [mine.name])).to.deep.equal(new Map([[mine.name, [mine.objectId, theirs.objectId].sort((a, b) => a - b)]]));
    expect(await store().idsByUid('contact', mine.uid)).to.deep.equal([mine.objectId, theirs.objectId].sort((a, b) => a - b));
    const both = [mine.objectId, theirs.objectId].sort((a, b) => a - b);
    expect(await store().idsByNamesAndUid('contact', [mine.name, 'x.vcf'], mine.uid)).to.deep.equal({ byName: new Map([[mine.name, both]]), byUid: both });
    // Within one namespace the name is still unique …
    await expectConflict(store().save(storedObject({ name: mine.name, namedBy: 101 })), mine.name);
    // … and an object keeps the namespace it was first stored in (a colleague's edit does not move it).
    await store().save({ ...mine, body: 'edited', etag: '"edited"', namedBy: 303 });
    expect((await store().findByName('contact', mine.name, 101))?.body).to.equal('edited');
  });

  it('updates stale rendered objects together, skipping only one whose new name a device object holds', async () => {
    const device = storedObject({ kind: 'task' });
    const clashing = storedObject({ kind: 'task', crmVersion: 1 });
    const fine = storedObject({ kind: 'task', crmVersion: 1 });
    for (const o of [device, clashing, fine]) await store().save(o);
    const rendered = [{ ...clashing, name: device.name, body: 'clash', crmVersion: 2 }, { ...fine, body: 'fine', crmVersion: 2 }];
    await store().saveRendered(rendered, new Set([clashing.objectId, fine.objectId]));
    const got = await store().getMany('task', [device.objectId, clashing.objectId, fine.objectId]);
    expect(got.get(device.objectId)).to.deep.equal(device);
    expect(got.get(clashing.objectId)).to.deep.equal(clashing);
    expect(got.get(fine.objectId)).to.deep.equal({ ...fine, body: 'fine', crmVersion: 2 });
  });

  it('skips a rendered object whose name a device object holds, saving the others', async () => {
    const device = storedObject({ kind: 'task' });
    await store().save(device);
    const clash = storedObject({ kind: 'task', name: device.name });
    const fine = storedObject({ kind: 'task' });
    await store().saveRendered([clash, fine]);
    const got = await store().getMany('task', [clash.objectId, fine.objectId, device.objectId]);
    expect([...got.keys()].sort()).to.deep.equal([device.objectId, fine.objectId].sort());
  });
}
