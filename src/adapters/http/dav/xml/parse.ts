import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { clark, type ClarkName } from './names.ts';

/** A parsed XML element with its namespace resolved (RFC 4918 §8.1: clients may use any prefix). */
export interface XmlElement {
  readonly name: ClarkName;
  readonly ns: string;
  readonly local: string;
  /** Attributes by local name (DAV request attributes are never namespaced in practice). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated direct text content ('' when it is only white space). */
  readonly text: string;
}

export class XmlSyntaxError extends Error {}

/** A well-formed body beyond a parsing limit: `tooDeep` is a malformed request, `tooMany` a too large one. */
export class XmlLimitExceeded extends XmlSyntaxError {
  constructor(
    readonly limit: 'depth' | 'elements',
    message: string,
  ) {
    super(message);
  }
}

export interface XmlParseLimits {
  readonly maxDepth: number;
  readonly maxElements: number;
}

/**
 * Children of the root with `name` that are not built as elements: their direct text goes to `add`
 * (a Thunderbird multiget has 100 000 hrefs, which need no element each). The text may point into
 * the body: keep `ownString(text)`. Chosen by the root's name, at its start tag (`LeavesOf`).
 */
export interface TextLeaves {
  readonly name: ClarkName;
  add(text: string): void;
}
export type LeavesOf = (root: ClarkName) => TextLeaves | undefined;

/** Generous enough for any DAV body; the DAV handler passes the configured limits. */
export const UNLIMITED_XML: XmlParseLimits = { maxDepth: 1_000, maxElements: Number.MAX_SAFE_INTEGER };

interface Building {
  name: ClarkName;
  ns: string;
  local: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  text: string;
}

/** Characters outside XML 1.0 §2.2 Char (C0 controls except TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
// eslint-disable-next-line no-control-regex
export const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// Leaves share these: a Thunderbird multiget has 100 000 <href> leaves.
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

/**
 * Parses a request body with a streaming (SAX) parser and an explicit stack: nesting depth costs no
 * call stack, and the depth and element limits stop a hostile body at the first element beyond
 * them. Document type declarations are refused outright, so no entity (internal or external) is
 * ever expanded (XXE, billion laughs); only the five XML entities are known.
 */
export function parseXml(body: string, limits: XmlParseLimits = UNLIMITED_XML): XmlElement {
  const steps = parseInSteps(body, limits);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * `parseXml` that gives the event loop back every `PARSE_SLICE` characters: a 10 MB multiget takes
 * about half a second to parse, during which other users' requests are served.
 */
export async function parseXmlYielding(body: string, limits: XmlParseLimits = UNLIMITED_XML, leavesOf?: LeavesOf): Promise<XmlElement> {
  const steps = parseInSteps(body, limits, leavesOf);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const PARSE_SLICE = 256 * 1024;

function* parseInSteps(body: string, limits: XmlParseLimits, leavesOf?: LeavesOf): Generator<void, XmlElement> {
  if (/<!DOCTYPE/i.test(body) || /<!ENTITY/i.test(body)) {
    throw new XmlSyntaxError('Document type declarations are not allowed.');
  }
  // Checked here as well as by the parser (saxes refuses such a character too): the reason is clearer.
  // A NUL or U+000B in an href would otherwise be echoed into the multistatus and make it malformed.
  if (NOT_XML_CHAR.test(body)) throw new XmlSyntaxError('The body contains a character that XML 1.0 does not allow.');
  // saxes: a conforming XML 1.0 parser that knows only the five predefined entities (no
  // `strictEntities` to set) and keeps no positions (their bookkeeping is a third of its time).
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: Building[] = [];
  // One name string per distinct element name, not one per element (100 000 hrefs share one).
  const names = new Map<string, ClarkName>();
  let root: Building | undefined;
  let leaves: TextLeaves | undefined;
  // The leaf being collected: built like any element (its text, limits) but never attached.
  let leaf: Building | undefined;
  let elements = 0;
  parser.on('error', (err) => {
    throw new XmlSyntaxError(`Malformed XML: ${err.message.split('\n')[0]}`);
  });
  parser.on('doctype', () => {
    throw new XmlSyntaxError('Document type declarations are not allowed.');
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const { uri, local, attributes } = tag;
    elements += 1;
    if (elements > limits.maxElements) throw new XmlLimitExceeded('elements', `The XML body has more than ${limits.maxElements} elements.`);
    if (stack.length >= limits.maxDepth) throw new XmlLimitExceeded('depth', `The XML body nests deeper than ${limits.maxDepth} elements.`);
    const key = `${uri}\u0000${local}`;
    let name = names.get(key);
    if (name === undefined) names.set(key, (name = clark(uri, local)));
    const node: Building = { name, ns: uri, local, attributes: attributesOf(attributes), children: NO_CHILDREN, text: '' };
    const parent = stack[stack.length - 1];
    if (parent === root && root && leaves?.name === name) {
      leaf = node;
    } else if (parent) {
      if (parent.children === NO_CHILDREN) parent.children = [];
      parent.children.push(node);
    } else if (!root) {
      root = node;
      leaves = leavesOf?.(name);
    }
    stack.push(node);
  });
  parser.on('closetag', () => {
    const node = stack.pop();
    if (node && node.text !== '' && node.text.trim() === '') node.text = '';
    if (node && node === leaf) {
      leaf = undefined;
      leaves!.add(node.text);
    }
  });
  const addText = (text: string) => {
    const node = stack[stack.length - 1];
    if (node) node.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  for (let at = 0; at < body.length || at === 0; at += PARSE_SLICE) {
    if (at > 0) yield;
    try {
      parser.write(body.slice(at, at + PARSE_SLICE));
      if (at + PARSE_SLICE >= body.length) parser.close();
    } catch (err) {
      if (err instanceof XmlSyntaxError) throw err;
      throw new XmlSyntaxError(`Malformed XML: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (!root) throw new XmlSyntaxError('The XML body has no root element.');
  return root;
}

/**
 * A copy of `text` that does not point into the body: V8 keeps a substring (of 13 characters or
 * more) as a slice of its parent, so one kept href would keep the whole body (megabytes) alive.
 * Slicing a concatenation makes V8 copy the characters into a string of their own.
 */
export function ownString(text: string): string {
  return (` ${text}`).slice(1);
}

function attributesOf(attributes: Record<string, SaxesAttributeNS>): Readonly<Record<string, string>> {
  let result: Record<string, string> | undefined;
  for (const attribute of Object.values(attributes)) {
    // Namespace declarations are not attributes of the DAV request.
    if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
    result ??= {};
    result[attribute.local] = attribute.value;
  }
  return result ?? NO_ATTRIBUTES;
}

export function child(el: XmlElement, name: ClarkName): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement, name: ClarkName): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/**
 * Serialises the children of a parsed element back to XML (to keep a dead property as sent).
 * Iterative like the parser, so a value as deep as the parse limit cannot overflow the stack.
 */
export function innerXml(root: XmlElement): string {
  if (root.children.length === 0) return escapeText(root.text);
  const out: string[] = [];
  type Step = { open: XmlElement } | { close: string };
  const steps: Step[] = [...root.children].reverse().map((c) => ({ open: c }));
  while (steps.length > 0) {
    const step = steps.pop()!;
    if ('close' in step) {
      out.push(step.close);
      continue;
    }
    const el = step.open;
    const attrs = Object.entries(el.attributes)
      .map(([k, v]) => ` ${k}="${escapeText(v)}"`)
      .join('');
    const head = `<${el.local} xmlns="${escapeText(el.ns)}"${attrs}`;
    if (el.children.length === 0 && el.text === '') {
      out.push(`${head}/>`);
    } else if (el.children.length === 0) {
      out.push(`${head}>${escapeText(el.text)}</${el.local}>`);
    } else {
      out.push(`${head}>`);
      steps.push({ close: `</${el.local}>` });
      for (let i = el.children.length - 1; i >= 0; i--) steps.push({ open: el.children[i]! });
    }
  }
  return out.join('');
}

function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}
