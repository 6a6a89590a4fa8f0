import { expect } from 'chai';
import type { Knex } from 'knex';
import { KnexTransactions } from '../../../src/adapters/knex/KnexTransactions.ts';

const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });

/** A knex stand-in whose transactions fail with the given errors first (as InnoDB's deadlock victim is rolled back), then run. */
function knexFailingWith(errors: Error[]): { db: Knex; started: () => number } {
  let started = 0;
  const db = {
    async transaction(work: (trx: unknown) => Promise<unknown>) {
      started += 1;
      const err = errors.shift();
      if (err) throw err;
      return work({});
    },
  } as unknown as Knex;
  return { db, started: () => started };
}

describe('KnexTransactions: a deadlock victim is run again', () => {
  it('runs the whole transaction again after a deadlock and returns its result', async () => {
    const { db, started } = knexFailingWith([deadlock(), deadlock()]);
    let runs = 0;
    const result = await new KnexTransactions(db).run(async () => {
      runs += 1;
      return 'committed';
    });
    expect(result).to.equal('committed');
    expect(started()).to.equal(3);
    expect(runs).to.equal(1);
  });

  it('passes the deadlock on after three attempts, and other errors at once', async () => {
    const persistent = knexFailingWith([deadlock(), deadlock(), deadlock(), deadlock()]);
    const err = await new KnexTransactions(persistent.db).run(async () => 'never').catch((e: unknown) => e);
    expect((err as { code?: string }).code).to.equal('ER_LOCK_DEADLOCK');
    expect(persistent.started()).to.equal(3);

    const duplicate = knexFailingWith([Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' })]);
    const other = await new KnexTransactions(duplicate.db).run(async () => 'never').catch((e: unknown) => e);
    expect((other as { code?: string }).code).to.equal('ER_DUP_ENTRY');
    expect(duplicate.started()).to.equal(1);
  });
});
