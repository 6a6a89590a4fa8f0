/**
 * Runs the comparison flows against every peer, interleaved run by run (ours, Radicale, ours on the
 * other database, …, with the order rotated each run) so that background load on the shared machine
 * hits all sides alike, and renders the ratio tables.
 */
import type { Knex } from 'knex';
import type { Flow, LoadOutcome, Peer } from './flows.ts';
import { percentile, round } from '../stats.ts';

export interface FlowSpec {
  readonly name: string;
  readonly runs: number;
  readonly flow: Flow;
  /**
   * Unmeasured runs on every side before the measured ones. A server process gets faster over its
   * first few thousand requests (V8 optimises the request path as it runs); devices meet a server
   * that has been running. The first of them is reported apart (`firstRun`), not hidden.
   */
  readonly warmUp?: number;
}

export interface PeerOutcome {
  readonly times: number[];
  /** The first warm-up run's time, when the flow has a warm-up. */
  firstRun?: number;
  /** The first wrong answer or failure: no time is reported for that peer then. */
  readonly error?: string;
}

export interface FlowOutcome {
  readonly name: string;
  readonly byPeer: Record<string, PeerOutcome>;
}

export async function runInterleaved(peers: readonly Peer[], specs: readonly FlowSpec[], log: (line: string) => void): Promise<FlowOutcome[]> {
  const out: FlowOutcome[] = [];
  for (const spec of specs) {
    const byPeer: Record<string, { times: number[]; firstRun?: number; error?: string }> = Object.fromEntries(peers.map((p) => [p.label, { times: [] }]));
    const warmUp = spec.warmUp ?? 0;
    for (let run = -warmUp; run < spec.runs; run++) {
      const order = peers.map((_, i) => peers[(i + run + warmUp) % peers.length]!);
      for (const p of order) {
        const mine = byPeer[p.label]!;
        if (mine.error) continue;
        try {
          const time = await spec.flow(p);
          if (run >= 0) mine.times.push(time);
          else mine.firstRun ??= time;
        } catch (err) {
          mine.error = (err as Error).message.slice(0, 300);
          log(`${spec.name} on ${p.label}: FAILED ${mine.error}`);
        }
      }
    }
    log(`${spec.name}: ${peers.map((p) => `${p.label} ${describe(byPeer[p.label]!)}`).join(' | ')}`);
    out.push({ name: spec.name, byPeer });
  }
  return out;
}

export const median = (o: PeerOutcome) => (o.error || o.times.length === 0 ? Number.NaN : percentile(o.times, 50));

function describe(o: PeerOutcome): string {
  const first = o.firstRun === undefined ? '' : `, first run ${ms(o.firstRun)}`;
  return o.error ? `wrong/failed (${o.error.slice(0, 80)})` : `${ms(median(o))} (${o.times.length} runs${first})`;
}

export function ms(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x >= 100 ? 0 : 1)} ms`;
}

/** "Radicale ÷ ours": how many times faster ours is (> 1 = ours faster). */
export function speedup(ours: number, theirs: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || ours <= 0) return '—';
  const r = theirs / ours;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

interface ApptRow { starts_at: unknown; ends_at: unknown; rrule: string | null }

function sqlTime(s: unknown): number {
  if (typeof s === 'number') return s;
  if (s instanceof Date) return s.getTime();
  return Date.parse(`${String(s).replace(' ', 'T')}Z`);
}

/**
 * Bounds of a VEVENT time-range answer from the seeded appointment rows (same rule as the main
 * bench): all-day and zoned events make the edges fuzzy by a day; recurring series may or may not hit.
 */
export async function eventBounds(knex: Knex): Promise<(start: Date, end: Date) => readonly [number, number]> {
  const rows: ApptRow[] = await knex('appointments').select('starts_at', 'ends_at', 'rrule');
  const day = 86_400_000;
  return (start, end) => {
    const s = start.getTime();
    const e = end.getTime();
    const single = rows.filter((r) => !r.rrule);
    const lower = single.filter((r) => sqlTime(r.starts_at) >= s + day && sqlTime(r.ends_at) <= e - day).length;
    const upper = single.filter((r) => sqlTime(r.starts_at) < e + day && sqlTime(r.ends_at) > s - day).length +
      rows.filter((r) => r.rrule && sqlTime(r.starts_at) < e + day).length;
    return [lower, upper] as const;
  };
}

export interface ComparisonReport {
  readonly machine: string;
  readonly versions: string[];
  readonly commit: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly contacts: number;
  readonly events: number;
  readonly setup: string[];
  readonly peers: readonly string[];
  readonly radicale: string;
  readonly flows: readonly FlowOutcome[];
  readonly load: ReadonlyArray<{ readonly peer: string; readonly devices: number; readonly seconds: number; readonly outcome: LoadOutcome }>;
  readonly loadAverage: string;
}

export function comparisonMarkdown(r: ComparisonReport): string {
  const ours = r.peers.filter((p) => p !== r.radicale);
  const lines = [
    '# Side by side with Radicale',
    '',
    `Generated by \`npm run bench:radicale\` (bench/radicale.ts). ${r.contacts} contacts + ${r.events} events of one user, the same`,
    'data set on every side: seeded into our database by the operator CLI (`seed`), read back from our server and written',
    'into Radicale through PUT (one PUT of the whole address book and one of the whole calendar). Every flow runs on every',
    'side interleaved run by run; every answer is checked (statuses, counts, ETags, data), a wrong answer shows as "wrong"',
    'and gets no time. Times are what the device waits (sum of its sequential requests), medians over the runs.',
    '',
    `Machine: ${r.machine}. ${r.versions.join('; ')}. Commit ${r.commit}; run ${r.startedAt} → ${r.finishedAt}; load average ${r.loadAverage}.`,
    '',
    ...r.setup.map((s) => `- ${s}`),
    '',
    `| Flow | ${r.peers.join(' | ')} | ${ours.map((o) => `${r.radicale} ÷ ${o}`).join(' | ')} |`,
    `|---|${r.peers.map(() => '---:').join('|')}|${ours.map(() => '---:').join('|')}|`,
  ];
  for (const f of r.flows) {
    const cell = (p: string) => {
      const o = f.byPeer[p]!;
      return o.error ? `wrong: ${o.error.replace(/\|/g, '\\|').slice(0, 120)}` : `${ms(median(o))} (n=${o.times.length})`;
    };
    const theirs = median(f.byPeer[r.radicale]!);
    lines.push(`| ${f.name} | ${r.peers.map(cell).join(' | ')} | ${ours.map((o) => speedup(median(f.byPeer[o]!), theirs)).join(' | ')} |`);
  }
  const warmed = r.flows.filter((f) => r.peers.some((p) => f.byPeer[p]!.firstRun !== undefined));
  if (warmed.length) {
    lines.push('', '### First run', '', 'The flows above with a warm-up ran once unmeasured on every side first (see `warmUp` in',
      'bench/lib/peer/comparison.ts); that first run, on a server process that had served fewer requests:', '',
      `| Flow | ${r.peers.join(' | ')} | ${ours.map((o) => `${r.radicale} ÷ ${o}`).join(' | ')} |`,
      `|---|${r.peers.map(() => '---:').join('|')}|${ours.map(() => '---:').join('|')}|`);
    for (const f of warmed) {
      const first = (p: string) => f.byPeer[p]!.firstRun ?? Number.NaN;
      lines.push(`| ${f.name} | ${r.peers.map((p) => ms(first(p))).join(' | ')} | ${ours.map((o) => speedup(first(o), first(r.radicale))).join(' | ')} |`);
    }
  }
  if (r.load.length) {
    lines.push('', '### Load', '', '| Side | devices × seconds | req/s | p50 | p99 | errors | server CPU per request |', '|---|---|---:|---:|---:|---:|---:|');
    for (const l of r.load) {
      lines.push(`| ${l.peer} | ${l.devices} × ${l.seconds} s | ${l.outcome.requestsPerSecond} | ${ms(l.outcome.p50Ms)} | ${ms(l.outcome.p99Ms)} | ${l.outcome.errors} | ${ms(l.outcome.serverCpuMsPerRequest)} |`);
    }
    const theirs = r.load.find((l) => l.peer === r.radicale)?.outcome.requestsPerSecond;
    for (const l of r.load.filter((x) => x.peer !== r.radicale)) {
      if (theirs) lines.push('', `Throughput ${l.peer} ÷ ${r.radicale}: ${round(l.outcome.requestsPerSecond / theirs, 1)}×`);
    }
  }
  lines.push('', 'Ratio columns: Radicale\'s median divided by ours (how many times faster ours is).', '');
  return lines.join('\n');
}
