import { parseDuration as parse } from '../../../config/units.ts';
import { CliError } from '../CliError.ts';

/** A duration option ("30d", "12h", "90m", or ms), as the configuration reads durations. */
export function parseDuration(text: string, option: string): number {
  const ms = parse(text);
  if (ms === null) throw new CliError(`${option} must be a duration like 30d, 12h or 90m (got "${text}").`);
  return ms;
}
