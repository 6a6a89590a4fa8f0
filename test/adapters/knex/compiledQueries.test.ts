import { expect } from 'chai';
import { compiledRows, padded, paddedLength } from '../../../src/adapters/knex/compiledQueries.ts';
import { forEachDatabase } from '../../support/databases.ts';

describe('compiled hot queries: list lengths', () => {
  it('rounds IN-list lengths up to a few shapes and pads with the last value', () => {
    expect([1, 2, 3, 5, 10, 100, 256, 257, 1000].map(paddedLength)).to.deep.equal([1, 2, 4, 8, 16, 128, 256, 512, 1024]);
    expect(padded(['a', 'b', 'c'])).to.deep.equal(['a', 'b', 'c', 'c']);
    expect(padded([7])).to.deep.equal([7]);
  });
});

forEachDatabase('compiled hot queries', (db, name) => {
  // A plugin table without foreign keys: collections of users 9001–9005, synced_seq 10 × i.
  const TABLE = 'dav_collections';
  // Each suite has its own owner, so shapes compiled by other tests never leak in.
  const owner = {};

  before(async () => {
    await db()(TABLE).insert([1, 2, 3, 4, 5].map((i) => ({ user_id: 9000 + i, kind: 'contacts', synced_seq: 10 * i })));
  });

  it('compiles a shape once and binds each call\'s values, constants kept', async () => {
    let builds = 0;
    const seqOf = (userId: number) => compiledRows<{ synced_seq: unknown }>(db(), owner, 'seq-of-user', (p) => {
      builds += 1;
      return db()(TABLE).where('kind', 'contacts').andWhere('user_id', p(0)).select('synced_seq');
    }, [userId]);
    expect((await seqOf(9002)).map((r) => Number(r.synced_seq))).to.deep.equal([20]);
    expect((await seqOf(9004)).map((r) => Number(r.synced_seq))).to.deep.equal([40]);
    expect(await seqOf(1)).to.deep.equal([]);
    expect(builds).to.equal(1);
  });

  it('a padded IN list answers each row once; a numeric parameter sets LIMIT per call', async () => {
    const users = padded([9001, 9003, 9005]);
    const rows = await compiledRows<{ user_id: unknown }>(db(), owner, `users:${users.length}`, (p) =>
      db()(TABLE).whereIn('user_id', users.map((_, i) => p(i))).orderBy('user_id').select('user_id'), users);
    expect(rows.map((r) => Number(r.user_id))).to.deep.equal([9001, 9003, 9005]);

    const firstN = (n: number) => compiledRows<{ user_id: unknown }>(db(), owner, 'first-n', (p, int) =>
      db()(TABLE).where('user_id', '>', p(0)).orderBy('user_id').limit(int(1)).select('user_id'), [9000, n]);
    expect((await firstN(2)).map((r) => Number(r.user_id))).to.deep.equal([9001, 9002]);
    expect((await firstN(4)).map((r) => Number(r.user_id))).to.deep.equal([9001, 9002, 9003, 9004]);
  });

  it('runs on the transaction it is given: sees its uncommitted rows, and nothing after the rollback', async () => {
    const count = (on: Parameters<typeof compiledRows>[0]) => compiledRows<{ n: unknown }>(on, owner, 'count-from', (p) =>
      db()(TABLE).where('user_id', '>=', p(0)).count({ n: '*' }), [9000]);
    const rollback = new Error('roll back');
    await db().transaction(async (trx) => {
      await trx(TABLE).insert({ user_id: 9100, kind: 'contacts' });
      expect(Number((await count(trx))[0]!.n)).to.equal(6);
      throw rollback;
    }).catch((err: unknown) => { if (err !== rollback) throw err; });
    expect(Number((await count(db()))[0]!.n)).to.equal(5);
  });

  if (name === 'mysql') {
    it('runs small shapes as server-side prepared statements, prepared once per connection; long lists and LIMIT shapes as text', async () => {
      await db().transaction(async (trx) => {
        const statementCounters = async () => {
          const [rows] = await trx.raw("SHOW SESSION STATUS WHERE Variable_name IN ('Com_stmt_prepare', 'Com_stmt_execute')") as [Array<{ Variable_name: string; Value: string }>];
          const value = (n: string) => Number(rows.find((r) => r.Variable_name === n)!.Value);
          return { prepared: value('Com_stmt_prepare'), executed: value('Com_stmt_execute') };
        };
        const start = await statementCounters();
        const seqOf = (userId: number) => compiledRows<{ synced_seq: unknown }>(trx, owner, 'prepared-seq', (p) =>
          db()(TABLE).where('user_id', p(0)).andWhere('kind', 'contacts').select('synced_seq'), [userId]);
        const answers = [];
        for (const userId of [9001, 9003, 9005]) answers.push(...(await seqOf(userId)).map((r) => Number(r.synced_seq)));
        expect(answers).to.deep.equal([10, 30, 50]);
        const afterSmall = await statementCounters();
        expect(afterSmall.executed - start.executed).to.equal(3);
        expect(afterSmall.prepared - start.prepared).to.equal(1);

        const many = padded(Array.from({ length: 65 }, (_, i) => 9000 + i));
        const rows = await compiledRows<{ user_id: unknown }>(trx, owner, `prepared-many:${many.length}`, (p) =>
          db()(TABLE).whereIn('user_id', many.map((_, i) => p(i))).orderBy('user_id').select('user_id'), many);
        expect(rows.map((r) => Number(r.user_id))).to.deep.equal([9001, 9002, 9003, 9004, 9005]);
        const limited = await compiledRows<{ user_id: unknown }>(trx, owner, 'prepared-first-n', (p, int) =>
          db()(TABLE).where('user_id', '>=', p(0)).orderBy('user_id').limit(int(1)).select('user_id'), [9002, 2]);
        expect(limited.map((r) => Number(r.user_id))).to.deep.equal([9002, 9003]);
        expect(await statementCounters()).to.deep.equal(afterSmall);
      });
    });
  }
});
