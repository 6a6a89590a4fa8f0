import { expect } from 'chai';
import { PREPARED, routePreparedQueries, type Mysql2Connection } from '../../../src/adapters/knex/mysqlPreparedStatements.ts';

type Callback = (...args: unknown[]) => void;

/** A connection that records which protocol each statement used; `execute` fails as told. */
function recordingConnection(executeError: { errno: number; message: string } | null) {
  const calls: Array<{ via: 'query' | 'execute'; options: unknown; values: unknown }> = [];
  const connection: Mysql2Connection = {
    query(options: unknown, values?: unknown, callback?: Callback) {
      calls.push({ via: 'query', options, values });
      callback?.(null, [{ answered: 'query' }], []);
    },
    execute(options: unknown, values?: unknown, callback?: Callback) {
      calls.push({ via: 'execute', options, values });
      if (executeError) callback?.(executeError);
      else callback?.(null, [{ answered: 'execute' }], []);
    },
  };
  routePreparedQueries(connection);
  const run = (options: unknown, values: unknown[]) => new Promise<{ err: unknown; rows: unknown }>((resolve) =>
    connection.query(options, values, (err, rows) => resolve({ err, rows })));
  return { calls, run };
}

describe('MySQL prepared statements: routing knex queries', () => {
  it('runs a query marked PREPARED through execute without the marker, and every other query as text', async () => {
    const { calls, run } = recordingConnection(null);
    const prepared = await run({ sql: 'select ?', ...PREPARED, nestTables: false }, [1]);
    const plain = await run({ sql: 'select 2' }, []);
    expect(prepared.rows).to.deep.equal([{ answered: 'execute' }]);
    expect(plain.rows).to.deep.equal([{ answered: 'query' }]);
    expect(calls).to.deep.equal([
      { via: 'execute', options: { sql: 'select ?', nestTables: false }, values: [1] },
      { via: 'query', options: { sql: 'select 2' }, values: [] },
    ]);
  });

  it('falls back to text when the server refuses more prepared statements (max_prepared_stmt_count)', async () => {
    const { calls, run } = recordingConnection({ errno: 1461, message: "Can't create more than max_prepared_stmt_count statements" });
    const answer = await run({ sql: 'select ?', ...PREPARED }, [7]);
    expect(answer.err).to.equal(null);
    expect(answer.rows).to.deep.equal([{ answered: 'query' }]);
    expect(calls.map((c) => c.via)).to.deep.equal(['execute', 'query']);
  });

  it('passes any other error of execute on unchanged', async () => {
    const refused = { errno: 1146, message: "Table 'x' doesn't exist" };
    const { calls, run } = recordingConnection(refused);
    const answer = await run({ sql: 'select * from x where id = ?', ...PREPARED }, [7]);
    expect(answer.err).to.equal(refused);
    expect(calls.map((c) => c.via)).to.deep.equal(['execute']);
  });
});
