import { CliError } from '../CliError.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90d", "12h", "30m", "45s", "500ms" as milliseconds. */
export function parseDuration(text: string, option: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new CliError(`${option} must be a duration like 30d, 12h or 90m (got "${text}").`);
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}
