import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { KnexTransactions } from '../../../src/adapters/knex/KnexTransactions.ts';
import { atomically } from '../../../src/adapters/knex/sqlValues.ts';
import { knexConfig } from '../../../src/adapters/knex/knexConfig.ts';
import { asStorageError } from '../../../src/adapters/knex/storageAvailability.ts';
import { StorageUnavailable } from '../../../src/ports/index.ts';
import { migrateStandalone } from '../../../src/adapters/knex/migrations/index.ts';
import { CrmSchema } from '../../../src/adapters/knex/schema/crmSchema.ts';
import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { KnexContactDirectory } from '../../../src/adapters/knex/KnexContactDirectory.ts';
import { createUser, minimalContactFields } from '../../support/mothers.ts';

const execFileAsync = promisify(execFile);
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

describe('atomically: a transaction a repository opens itself is run again after a deadlock too', () => {
  it('runs the work again in a new transaction and returns its result; passes the deadlock on after three attempts', async () => {
    const { db, started } = knexFailingWith([deadlock()]);
    expect(await atomically(db, async () => 'saved')).to.equal('saved');
    expect(started()).to.equal(2);
    const persistent = knexFailingWith([deadlock(), deadlock(), deadlock()]);
    const err = await atomically(persistent.db, async () => 'never').catch((e: unknown) => e);
    expect((err as { code?: string }).code).to.equal('ER_LOCK_DEADLOCK');
    expect(persistent.started()).to.equal(3);
  });

  it('inside the caller\'s transaction the work runs once, as part of it: the caller\'s transaction is the one to run again', async () => {
    let runs = 0;
    const trx = { isTransaction: true, transaction: () => expect.fail('no transaction of its own') } as unknown as Knex.Transaction;
    const err = await atomically(trx, async () => {
      runs += 1;
      throw deadlock();
    }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).to.equal('ER_LOCK_DEADLOCK');
    expect(runs).to.equal(1);
  });
});

describe('KnexTransactions on SQLite with another writer of the same file (the web app, the CLI)', () => {
  let dir: string;
  let filename: string;
  let ours: Knex;
  let webApp: Knex;
  let contactId: number;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bsdav-busy-'));
    filename = join(dir, 'db.sqlite');
    // Two connections to one file: the stand-alone server and another writer of the same database.
    ours = knexFactory(knexConfig({ client: 'sqlite', filename }));
    await migrateStandalone(ours, CrmSchema.reference);
    webApp = knexFactory(knexConfig({ client: 'sqlite', filename }));
    const owner = await createUser(new KnexUserDirectory(ours));
    contactId = (await new KnexContactDirectory(ours).create(owner.id, minimalContactFields())).id;
  });
  afterEach(async () => {
    await ours.destroy();
    await webApp.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a transaction holds the write lock from its start: another process\'s write meanwhile waits for it instead of breaking its write', async () => {
    let runs = 0;
    let otherProcess: Promise<unknown> | undefined;
    const written = await new KnexTransactions(ours).run(async (ports) => {
      runs += 1;
      const current = (await ports.contacts.get(contactId))!;
      // BrokerStar's web app as its own process (better-sqlite3 waits synchronously, so not in this one).
      otherProcess ??= execFileAsync(process.execPath, ['-e', `const Database = require('better-sqlite3');
        const db = new Database(${JSON.stringify(filename)}); db.pragma('busy_timeout = 5000');
        db.prepare('UPDATE contacts SET notes = ? WHERE id = ?').run('web app', ${contactId});`]);
      await new Promise((resolve) => setTimeout(resolve, 300)); // long enough for it to have committed, were it not waiting
      return ports.contacts.update(contactId, minimalContactFields({ notes: `${current.notes ?? ''} + device` }));
    });
    await otherProcess;
    expect(runs, 'no retry: nothing could commit under the transaction').to.equal(1);
    expect(written?.id).to.equal(contactId);
    expect((await new KnexContactDirectory(ours).get(contactId))?.notes, 'the web app wrote after the device').to.equal('web app');
  });

  it('a snapshot conflict (another connection wrote after this one began reading, SQLITE_BUSY_SNAPSHOT) is run again, and is a 503 once it outlasts the retries', async () => {
    const snapshot = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' });
    const once = knexFailingWith([snapshot()]);
    expect(await new KnexTransactions(once.db).run(async () => 'committed')).to.equal('committed');
    expect(once.started()).to.equal(2);
    const always = knexFailingWith([snapshot(), snapshot(), snapshot()]);
    const err = await new KnexTransactions(always.db).run(async () => 'never').catch((e: unknown) => e);
    expect(always.started()).to.equal(3);
    expect(asStorageError(err)).to.be.instanceOf(StorageUnavailable);
  });
});
