import { expect } from 'chai';
import { comparisonMarkdown, runInterleaved, type ComparisonReport } from '../../bench/lib/peer/comparison.ts';
import type { Peer } from '../../bench/lib/peer/flows.ts';

/** A peer whose flow "takes" the next of its scripted times, recording the order it ran in. */
function scripted(label: string, times: number[], ran: string[]): Peer & { flowTime: () => number } {
  const queue = [...times];
  return {
    label, origin: 'http://127.0.0.1:1', login: 'x', password: 'x', addressbook: '/a/', calendar: '/c/', contacts: 1,
    eventsBetween: () => [0, 0] as const, cpuSeconds: () => 0,
    flowTime: () => {
      ran.push(label);
      return queue.shift()!;
    },
  } as unknown as Peer & { flowTime: () => number };
}

describe('bench: side-by-side comparison (bench/lib/peer/comparison.ts)', () => {
  it('a warm-up run is not measured, is reported as the first run, and the order still rotates', async () => {
    const ran: string[] = [];
    const ours = scripted('ours', [900, 300, 310, 320], ran);
    const theirs = scripted('theirs', [5000, 4000, 4100, 4200], ran);
    const [outcome] = await runInterleaved([ours, theirs], [{ name: 'flow', runs: 3, warmUp: 1, flow: async (p) => (p as typeof ours).flowTime() }], () => {});
    expect(outcome!.byPeer.ours).to.deep.equal({ times: [300, 310, 320], firstRun: 900 });
    expect(outcome!.byPeer.theirs).to.deep.equal({ times: [4000, 4100, 4200], firstRun: 5000 });
    expect(ran).to.deep.equal(['ours', 'theirs', 'theirs', 'ours', 'ours', 'theirs', 'theirs', 'ours']);
  });

  it('without a warm-up every run is measured and no first run is reported', async () => {
    const ran: string[] = [];
    const ours = scripted('ours', [900, 300], ran);
    const [outcome] = await runInterleaved([ours], [{ name: 'flow', runs: 2, flow: async (p) => (p as typeof ours).flowTime() }], () => {});
    expect(outcome!.byPeer.ours).to.deep.equal({ times: [900, 300] });
  });

  it('the report shows the medians and, apart, the first runs with their own ratio', () => {
    const report: ComparisonReport = {
      machine: 'm', versions: [], commit: 'c', startedAt: 's', finishedAt: 'f', contacts: 1, events: 1, setup: [],
      peers: ['ours', 'Radicale'], radicale: 'Radicale', load: [], loadAverage: '0',
      flows: [
        { name: 'DAVx5', byPeer: { ours: { times: [900, 1000, 1100], firstRun: 2000 }, Radicale: { times: [10_000, 10_000, 10_000], firstRun: 11_000 } } },
        { name: 'poll', byPeer: { ours: { times: [2] }, Radicale: { times: [700] } } },
      ],
    };
    const text = comparisonMarkdown(report);
    expect(text).to.include('| DAVx5 | 1.00 s (n=3) | 10.00 s (n=3) | 10× |');
    const first = text.slice(text.indexOf('### First run'));
    expect(first).to.include('| DAVx5 | 2.00 s | 11.00 s | 5.5× |');
    expect(first).not.to.include('| poll |');
  });
});
