import { expect } from 'chai';
import { UidConflict } from '../../../src/domain/index.ts';
import { KnexObjectStore } from '../../../src/adapters/knex/KnexObjectStore.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { objectStoreContract, storedObject } from '../../contracts/objectStore.contract.ts';

forEachDatabase('KnexObjectStore', (db, name) => {
  objectStoreContract(() => new KnexObjectStore(db()));

  it('turns concurrent saves of one UID into one success and UidConflicts, never driver errors', async () => {
    const uid = `race-${Date.now()}`;
    const attempts = Array.from({ length: 5 }, () => storedObject({ uid }));
    // Separate store instances, as separate server instances would have.
    const results = await Promise.allSettled(attempts.map((o) => new KnexObjectStore(db()).save(o)));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.length - failures.length, name).to.equal(1);
    for (const f of failures) expect(f.reason).to.be.instanceOf(UidConflict);
  });

  it('writes nothing when the enclosing transaction rolls back', async () => {
    const o = storedObject();
    await db().transaction(async (trx) => {
      await new KnexObjectStore(trx).save(o);
      await trx.rollback();
    }).catch(() => undefined);
    expect(await new KnexObjectStore(db()).findByUid('contact', o.uid)).to.equal(null);
  });

  it('rejects a UID longer than the column with a domain error', async () => {
    let caught: unknown;
    await new KnexObjectStore(db()).save(storedObject({ uid: 'x'.repeat(256) })).catch((err: unknown) => { caught = err; });
    expect((caught as { code?: string }).code).to.equal('invalid-object-data');
  });
});
