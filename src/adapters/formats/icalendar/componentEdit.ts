import { buildLine, type ContentLine } from '../contentline/ContentLine.ts';
import { componentLines, isComponent, parseComponents, type ComponentNode } from '../contentline/ComponentTree.ts';
import { serializeLines } from '../contentline/folding.ts';
import { PRODID } from './owned.ts';

/**
 * Line-level editing of a stored iCalendar object: BrokerStar replaces its own properties of one
 * component in place and leaves every other line (VALARM, ATTENDEE, X- properties, overrides,
 * VTIMEZONEs) exactly as the client wrote it.
 */
export function parseStored(text: string): ComponentNode {
  const roots = parseComponents(text);
  const vcalendar = roots.find((r) => r.name === 'VCALENDAR');
  if (!vcalendar) throw new Error('The stored object is not an iCalendar object.');
  return vcalendar;
}

/** The master component (no RECURRENCE-ID) of a type, else the first one. */
export function masterNode(vcalendar: ComponentNode, name: 'VEVENT' | 'VTODO'): ComponentNode | null {
  const all = vcalendar.children.filter((c): c is ComponentNode => isComponent(c) && c.name === name);
  return all.find((c) => !c.children.some((l) => !isComponent(l) && l.name === 'RECURRENCE-ID')) ?? all[0] ?? null;
}

/**
 * Removes every property named in `names` and puts `fresh` where the first of them was (or after
 * the last property, before sub-components such as VALARM, when none was there).
 */
export function replaceProperties(node: ComponentNode, names: readonly string[], fresh: readonly ContentLine[]): void {
  const wanted = new Set(names);
  let at = node.children.findIndex((c) => !isComponent(c) && wanted.has(c.name));
  if (at < 0) {
    at = node.children.findIndex((c) => isComponent(c));
    if (at < 0) at = node.children.length;
  } else {
    for (let i = node.children.length - 1; i >= 0; i--) {
      const c = node.children[i]!;
      if (!isComponent(c) && wanted.has(c.name)) {
        node.children.splice(i, 1);
        if (i < at) at--;
      }
    }
  }
  node.children.splice(at, 0, ...fresh);
}

/**
 * Puts the object's BrokerStar record URL (RFC 5545 §3.8.4.6) into `node` unless it is there
 * already; `undefined`: BrokerStar does not own URL for this object, the stored one stays.
 */
export function ownUrl(node: ComponentNode, url: string | undefined): boolean {
  if (url === undefined) return false;
  const current = node.children.filter((c) => !isComponent(c) && c.name === 'URL').map((c) => (c as ContentLine).value.trim());
  if (current.length === 1 && current[0] === url) return false;
  replaceProperties(node, ['URL'], [buildLine({ name: 'URL', params: [{ name: 'VALUE', values: ['URI'] }], value: url })]);
  return true;
}

/** Adds a VTIMEZONE (as lines) before the first component unless one with that TZID exists. */
export function ensureTimezone(vcalendar: ComponentNode, tzid: string, lines: readonly string[]): void {
  const exists = vcalendar.children.some(
    (c) => isComponent(c) && c.name === 'VTIMEZONE' && c.children.some((l) => !isComponent(l) && l.name === 'TZID' && l.value.trim() === tzid),
  );
  if (exists || lines.length === 0) return;
  const [node] = parseComponents(serializeLines(lines));
  const at = vcalendar.children.findIndex((c) => isComponent(c));
  vcalendar.children.splice(at < 0 ? vcalendar.children.length : at, 0, node!);
}

export function setProdId(vcalendar: ComponentNode): void {
  replaceProperties(vcalendar, ['PRODID'], [buildLine({ name: 'PRODID', value: PRODID })]);
}

export function serialize(vcalendar: ComponentNode): string {
  return serializeLines(componentLines(vcalendar));
}

/** A new VCALENDAR (RFC 5545 §3.4, §3.7) holding the given component lines. */
export function newCalendar(body: readonly string[]): string {
  return serializeLines(['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN', ...body, 'END:VCALENDAR']);
}
