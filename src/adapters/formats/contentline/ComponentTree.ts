import { parseContentLine, type ContentLine } from './ContentLine.ts';
import { unfoldLines } from './folding.ts';

/**
 * A BEGIN/END block (RFC 5545 §3.4/§3.6, RFC 6350 §6.1.1) holding its content lines and nested
 * blocks in their original order, so that a document can be patched and written back in place.
 */
export interface ComponentNode {
  readonly name: string;
  readonly begin: ContentLine;
  end: ContentLine | null;
  readonly children: (ContentLine | ComponentNode)[];
}

export function isComponent(item: ContentLine | ComponentNode): item is ComponentNode {
  return 'children' in item;
}

export class MalformedContent extends Error {}

/** Parses a document into its top-level components; lines outside any component are an error. */
export function parseComponents(text: string): ComponentNode[] {
  const roots: ComponentNode[] = [];
  const stack: ComponentNode[] = [];
  for (const raw of unfoldLines(text)) {
    const line = parseContentLine(raw);
    if (!line) throw new MalformedContent(`Not a content line: ${raw.slice(0, 60)}`);
    const top = stack[stack.length - 1];
    if (line.name === 'BEGIN') {
      const node: ComponentNode = { name: line.value.trim().toUpperCase(), begin: line, end: null, children: [] };
      if (top) top.children.push(node);
      else roots.push(node);
      stack.push(node);
    } else if (line.name === 'END') {
      if (!top || top.name !== line.value.trim().toUpperCase()) {
        throw new MalformedContent(`Unexpected END:${line.value}`);
      }
      top.end = line;
      stack.pop();
    } else if (top) {
      top.children.push(line);
    } else {
      throw new MalformedContent(`Content line outside of a component: ${raw.slice(0, 60)}`);
    }
  }
  if (stack.length > 0) throw new MalformedContent(`Missing END:${stack[stack.length - 1]?.name}`);
  return roots;
}

/** The unfolded lines of a component, nested components included, in order. */
export function componentLines(node: ComponentNode): string[] {
  const out = [node.begin.raw];
  for (const child of node.children) {
    if (isComponent(child)) out.push(...componentLines(child));
    else out.push(child.raw);
  }
  out.push(node.end?.raw ?? `END:${node.name}`);
  return out;
}

/** The direct content lines of a component (nested components skipped). */
export function propertiesOf(node: ComponentNode): ContentLine[] {
  return node.children.filter((c): c is ContentLine => !isComponent(c));
}

/** The direct sub-components of a component. */
export function subComponents(node: ComponentNode, name?: string): ComponentNode[] {
  return node.children.filter((c): c is ComponentNode => isComponent(c) && (!name || c.name === name));
}
