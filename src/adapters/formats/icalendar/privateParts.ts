import { isComponent, type ComponentNode } from '../contentline/ComponentTree.ts';
import type { ContentLine } from '../contentline/ContentLine.ts';
import { parseStored, serialize } from './componentEdit.ts';

/**
 * Per-user state inside a calendar object that several users see (a shared appointment, a task
 * with several assignees): the alarms a user's device set, and what clients record about them
 * (Thunderbird's acknowledgement and snooze times; Apple keeps ACKNOWLEDGED inside the VALARM).
 * It belongs to that user only: split off before the object is stored for everyone, and merged
 * back into what that user's devices get.
 */
const PRIVATE_PROPERTY = /^(X-MOZ-LASTACK|X-MOZ-SNOOZE-TIME(-\d+)?)$/;
const ITEMS = new Set(['VEVENT', 'VTODO']);

export interface SplitCalendarObject {
  /** The object without anybody's private parts (byte-identical to the input when it had none). */
  readonly shared: string;
  /** This user's parts as a small iCalendar document, or `null` when there are none. */
  readonly private: string | null;
}

/** Separates the private parts of every VEVENT/VTODO (master and overrides) from the shared object. */
export function splitPrivateParts(text: string): SplitCalendarObject {
  const vcalendar = parseStored(text);
  const privateItems: string[] = [];
  for (const item of vcalendar.children.filter((c): c is ComponentNode => isComponent(c) && ITEMS.has(c.name))) {
    const taken = item.children.filter(isPrivate);
    if (taken.length === 0) continue;
    item.children.splice(0, item.children.length, ...item.children.filter((c) => !isPrivate(c)));
    const recurrenceId = item.children.find((c): c is ContentLine => !isComponent(c) && c.name === 'RECURRENCE-ID');
    privateItems.push(serialize({ ...item, children: [...(recurrenceId ? [recurrenceId] : []), ...taken] }).trimEnd());
  }
  if (privateItems.length === 0) return { shared: text, private: null };
  return {
    shared: serialize(vcalendar),
    private: `BEGIN:VCALENDAR\r\n${privateItems.join('\r\n')}\r\nEND:VCALENDAR\r\n`,
  };
}

/**
 * The shared object with one user's private parts put back into the components they came from
 * (matched by type and RECURRENCE-ID); parts of an override that no longer exists are dropped.
 */
export function mergePrivateParts(shared: string, privateParts: string | null): string {
  if (!privateParts) return shared;
  const vcalendar = parseStored(shared);
  const targets = new Map<string, ComponentNode>();
  for (const item of vcalendar.children) if (isComponent(item) && ITEMS.has(item.name)) targets.set(keyOf(item), item);
  let changed = false;
  for (const part of parseStored(privateParts).children) {
    if (!isComponent(part)) continue;
    const target = targets.get(keyOf(part));
    if (!target) continue;
    const lines = part.children.filter((c) => isPrivate(c));
    // Properties after the target's own properties, alarms after its other sub-components.
    const firstSub = target.children.findIndex((c) => isComponent(c));
    const props = lines.filter((c) => !isComponent(c));
    target.children.splice(firstSub < 0 ? target.children.length : firstSub, 0, ...props);
    target.children.push(...lines.filter((c) => isComponent(c)));
    changed = changed || lines.length > 0;
  }
  return changed ? serialize(vcalendar) : shared;
}

function isPrivate(c: ContentLine | ComponentNode): boolean {
  return isComponent(c) ? c.name === 'VALARM' : PRIVATE_PROPERTY.test(c.name);
}

function keyOf(item: ComponentNode): string {
  const id = item.children.find((c): c is ContentLine => !isComponent(c) && c.name === 'RECURRENCE-ID');
  return `${item.name}|${id ? id.value.trim() : ''}`;
}
