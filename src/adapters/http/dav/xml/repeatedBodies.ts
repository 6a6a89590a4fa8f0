import type { LeavesOf, XmlElement, XmlParseLimits } from './parse.ts';
import { RecentlyUsed } from '../../../shared/RecentlyUsed.ts';

/**
 * Devices send the same small bodies again and again: a poll's PROPFIND for getctag and
 * sync-token every few minutes per collection, the same discovery steps at every start. Parsing
 * such a body costs more than the database work of the poll, so the trees of recent small bodies
 * are kept (frozen: a handler cannot change what the next request gets). A cache, not state: any
 * instance parses the body itself when it has not seen it. Only a large body is parsed with
 * `leavesOf`: a small one keeps its whole tree, and the caller finds those leaves among the root's
 * children (a small multiget has a few dozen hrefs).
 */
/** Bodies up to this length are parsed into whole trees and kept. */
export const REPEATED_BODY_CHARS = 4096;
const trees = new RecentlyUsed<string, XmlElement>(256);

type Parse = (body: string, limits: XmlParseLimits, leavesOf?: LeavesOf) => Promise<XmlElement>;

export async function parseRepeated(body: string, limits: XmlParseLimits, parse: Parse, leavesOf?: LeavesOf): Promise<XmlElement> {
  if (body.length > REPEATED_BODY_CHARS) return parse(body, limits, leavesOf);
  const key = `${limits.maxDepth}:${limits.maxElements}:${body}`;
  const known = trees.get(key);
  if (known) return known;
  const tree = deepFreeze(await parse(body, limits));
  trees.set(key, tree);
  return tree;
}

function deepFreeze(root: XmlElement): XmlElement {
  const pending = [root];
  while (pending.length > 0) {
    const el = pending.pop()!;
    Object.freeze(el.attributes);
    Object.freeze(el.children);
    Object.freeze(el);
    pending.push(...el.children);
  }
  return root;
}
