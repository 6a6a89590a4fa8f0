import { expect } from 'chai';
import { runBench } from '../../bench/lib/bench.ts';
import { parseOptions } from '../../bench/run.ts';

/**
 * Keeps the benchmark from rotting: the smoke mode (tiny sizes, SQLite) runs every scenario against
 * a real server process set up with the operator CLI, and every scenario checks its answers.
 */
describe('benchmark smoke (bench/run.ts --smoke, SQLite)', function () {
  this.timeout(90_000);

  it('runs every scenario and every answer validates', async () => {
    const lines: string[] = [];
    const options = { ...parseOptions(['--smoke', '--db', 'sqlite', '--devices', '3', '--load-seconds', '1']), log: (l: string) => lines.push(l) };
    const [result] = await runBench(options);
    const size = result!.sizes[0]!;
    expect(size.failures, lines.join('\n')).to.deep.equal([]);
    const names = size.scenarios.map((s) => s.name);
    for (const prefix of ['discovery', 'unchanged poll, one', 'initial full sync, Outlook', 'initial full sync, DAVx5', 'initial full sync, Thunderbird',
      'incremental sync after 10 SQL', 'incremental sync after 10 PUT', 'calendar-query next 30 days (', 'calendar-query Outlook window', 'PUT contact create', 'PUT event update']) {
      const found = size.scenarios.find((s) => s.name.startsWith(prefix));
      expect(found, `${prefix} in ${names.join(' | ')}`).to.not.equal(undefined);
      expect(found!.runs).to.be.greaterThan(0);
      expect(found!.medianMs).to.be.greaterThan(0);
    }
    expect(size.load).to.have.length(1);
    expect(size.load[0]!.errors, size.load[0]!.firstError).to.equal(0);
    expect(size.load[0]!.requests).to.be.greaterThan(0);
    expect(size.memory.vmHwmMbAfterInitialSync).to.be.greaterThan(0);
  });
});
