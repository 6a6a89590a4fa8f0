/** Nearest-rank percentile of already measured values (ms). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Summary {
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly minMs: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    runs: values.length,
    medianMs: round(percentile(values, 50)),
    p95Ms: round(percentile(values, 95)),
    maxMs: round(values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY)),
    minMs: round(values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY)),
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
