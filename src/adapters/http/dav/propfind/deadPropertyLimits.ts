import type { ClarkName } from '../xml/names.ts';
import type { RequestBodyLimits } from '../limits.ts';

export interface PropertyUpdate {
  readonly name: ClarkName;
  /** The value as XML, or `null` to remove the property. */
  readonly value: string | null;
}

type DeadPropertyLimits = Pick<RequestBodyLimits, 'maxDeadProperties' | 'maxDeadPropertyBytes' | 'maxDeadPropertiesTotalBytes'>;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The properties of a PROPPATCH that cannot be stored within the limits (RFC 4918 §9.2.1: 507
 * "the server did not have sufficient space to record the property"): a value larger than one
 * property may be, or, when the resource would then hold too many properties or too many bytes,
 * every property this request sets. Client properties are part of every allprop answer, so both
 * their number and their size stay small. Removing is always possible.
 */
export function propertiesBeyondLimits(current: Readonly<Record<string, string>>, updates: readonly PropertyUpdate[], limits: DeadPropertyLimits): Set<ClarkName> {
  const after = new Map(Object.entries(current));
  for (const u of updates) {
    if (u.value === null) after.delete(u.name);
    else after.set(u.name, u.value);
  }
  const sets = updates.filter((u) => u.value !== null);
  const tooLarge = new Set(sets.filter((u) => bytes(u.value!) > limits.maxDeadPropertyBytes).map((u) => u.name));
  if (tooLarge.size > 0) return tooLarge;
  const total = [...after.values()].reduce((sum, v) => sum + bytes(v), 0);
  if (after.size > limits.maxDeadProperties || total > limits.maxDeadPropertiesTotalBytes) return new Set(sets.map((u) => u.name));
  return new Set();
}

/**
 * The writes a PROPPATCH really needs: the last update of each property (RFC 4918 §9.2: in document
 * order, so the last one wins), without removals of properties that are not there and without
 * sets to the value already stored. A body repeating one `remove` 100 000 times costs no writes.
 */
export function effectiveWrites(current: Readonly<Record<string, string>>, updates: readonly PropertyUpdate[]): PropertyUpdate[] {
  const last = new Map<ClarkName, PropertyUpdate>();
  for (const u of updates) {
    last.delete(u.name);
    last.set(u.name, u);
  }
  return [...last.values()].filter((u) => (u.value === null ? Object.hasOwn(current, u.name) : current[u.name] !== u.value));
}
