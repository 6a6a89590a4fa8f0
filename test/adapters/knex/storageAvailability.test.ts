import { expect } from 'chai';
import { StorageUnavailable } from '../../../src/ports/index.ts';
import { asStorageError, isStorageUnavailableError, reportingUnavailableStorage } from '../../../src/adapters/knex/storageAvailability.ts';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('knex adapter: "database unavailable" errors become StorageUnavailable', () => {
  it('recognises socket, protocol, server and pool errors that mean the database cannot be reached', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR', 'SQLITE_BUSY']) {
      expect(isStorageUnavailableError(withCode(code)), code).to.equal(true);
    }
    const poolTimeout = Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' });
    expect(isStorageUnavailableError(poolTimeout)).to.equal(true);
    expect(isStorageUnavailableError(Object.assign(new Error('something broke'), { fatal: true }))).to.equal(true);
    expect(isStorageUnavailableError(new Error("Can't add new command when connection is in closed state"))).to.equal(true);
  });

  it('leaves statement errors and everything else alone', () => {
    for (const err of [withCode('ER_DUP_ENTRY'), withCode('ER_NO_SUCH_TABLE'), withCode('ER_LOCK_DEADLOCK'), new TypeError('x is undefined'), 'text', null]) {
      expect(isStorageUnavailableError(err), String(err)).to.equal(false);
      expect(asStorageError(err)).to.equal(err);
    }
  });

  it('wraps the cause and names its code', () => {
    const cause = withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:3306');
    const err = asStorageError(cause);
    expect(err).to.be.instanceOf(StorageUnavailable);
    expect((err as Error).message).to.equal('database unavailable (ECONNREFUSED)');
    expect((err as Error).cause).to.equal(cause);
  });

  it('a guarded port rejects with StorageUnavailable, passes other errors and results through, and keeps `this`', async () => {
    class Port {
      private readonly rows = ['a'];
      async list(): Promise<string[]> { return this.rows; }
      async down(): Promise<never> { throw withCode('PROTOCOL_CONNECTION_LOST'); }
      async wrong(): Promise<never> { throw withCode('ER_DUP_ENTRY'); }
      thenable(): PromiseLike<number> { return { then: (ok, fail) => Promise.reject(withCode('ECONNRESET')).then(ok, fail) }; }
    }
    const port = reportingUnavailableStorage(new Port());
    expect(await port.list()).to.deep.equal(['a']);
    expect(port.list).to.equal(port.list);
    const failures = await Promise.all([port.down(), port.wrong(), port.thenable()].map((p) => Promise.resolve(p).then(() => null, (e: unknown) => e)));
    expect(failures[0]).to.be.instanceOf(StorageUnavailable);
    expect((failures[1] as { code?: string }).code).to.equal('ER_DUP_ENTRY');
    expect(failures[2]).to.be.instanceOf(StorageUnavailable);
  });
});
