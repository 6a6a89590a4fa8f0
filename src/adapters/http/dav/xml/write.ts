import { PREFIXES, splitClark, type ClarkName, NS } from './names.ts';

/**
 * Characters XML 1.0 cannot carry at all, not even as a character reference (§2.2 `Char`): C0
 * controls other than TAB, LF and CR, U+FFFE/U+FFFF, and UTF-16 surrogates without their pair.
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, 'g');

/**
 * Text made fit for XML 1.0: a control character (a vertical tab from Outlook, a bell in a CRM note)
 * is dropped, a broken surrogate becomes U+FFFD; everything else passes unchanged, so text without
 * such characters round-trips exactly. One such character must not make a whole multistatus
 * unreadable for strict clients.
 */
export function xmlChars(text: string): string {
  if (!NOT_XML_CHAR.test(text)) return text;
  return text.replace(NOT_XML_CHARS, (c) => (c.length === 1 && c >= '\uD800' && c <= '\uDFFF' ? '\uFFFD' : ''));
}

/**
 * Any character `escapeXml` may have to change (a superset of NOT_XML_CHAR: every surrogate, paired
 * or not). Most text (an href, an ETag, a stored vCard) has none and is returned as it is after
 * one scan, without the look-around of NOT_XML_CHAR.
 */
// eslint-disable-next-line no-control-regex
const MAY_NEED_ESCAPING = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** XML text escaping for element content and attribute values (after `xmlChars`). */
export function escapeXml(text: string): string {
  if (!MAY_NEED_ESCAPING.test(text)) return text;
  return xmlChars(text).replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** {@link MAY_NEED_ESCAPING} without the quote, which element content may carry as it is. */
// eslint-disable-next-line no-control-regex
const MAY_NEED_TEXT_ESCAPING = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Escaping for element content only (XML 1.0 §2.4): `"` stays as it is, so an ETag (always quoted)
 * or a vCard with quotes passes after one scan instead of being rewritten. `>` is still escaped
 * (`]]>` must not appear in content).
 */
export function escapeText(text: string): string {
  if (!MAY_NEED_TEXT_ESCAPING.test(text)) return text;
  return xmlChars(text).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const CHAR_REFERENCE = /&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));/g;

/** Stored XML (a dead property) without characters or character references XML 1.0 forbids. */
function xmlSafeRaw(raw: string): string {
  return xmlChars(raw).replace(CHAR_REFERENCE, (ref, hex: string | undefined, dec: string | undefined) => {
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    return allowed ? ref : '';
  });
}

/**
 * A value to serialise inside a property or error element:
 * a string (text), an element, or a list of those.
 */
export type XmlNode = string | XmlElementNode | RawXml | readonly XmlNode[];
/** Already serialised, well-formed XML (a dead property value as the client sent it). */
export interface RawXml {
  readonly raw: string;
}
export interface XmlElementNode {
  readonly name: ClarkName;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children?: XmlNode;
}

export function el(name: ClarkName, children?: XmlNode, attributes?: Record<string, string>): XmlElementNode {
  // Written out (no spreads): a listing builds a few per member.
  if (attributes) return children === undefined ? { name, attributes } : { name, children, attributes };
  return children === undefined ? { name } : { name, children };
}

/** Qualified name with our stable prefix; unknown namespaces get an inline default xmlns. */
function open(name: ClarkName): { tag: string; decl: string } {
  let known = openings.get(name);
  if (known === undefined) {
    known = opening(name);
    // Names come from our property registry and from clients (unknown properties): bounded.
    if (openings.size < MAX_KNOWN_OPENINGS) openings.set(name, known);
  }
  return known;
}

const MAX_KNOWN_OPENINGS = 1024;
const openings = new Map<ClarkName, { tag: string; decl: string }>();

function opening(name: ClarkName): { tag: string; decl: string } {
  const { ns, local } = splitClark(name);
  const prefix = PREFIXES[ns];
  if (prefix !== undefined) return { tag: `${prefix}:${local}`, decl: '' };
  if (ns === '') return { tag: local, decl: ' xmlns=""' };
  return { tag: `x:${local}`, decl: ` xmlns:x="${escapeXml(ns)}"` };
}

export function renderNode(node: XmlNode): string {
  if (typeof node === 'string') return escapeText(node);
  if (Array.isArray(node)) {
    let out = '';
    for (const child of node as readonly XmlNode[]) out += renderNode(child);
    return out;
  }
  if ('raw' in (node as RawXml)) return xmlSafeRaw((node as RawXml).raw);
  const element = node as XmlElementNode;
  const { tag, decl } = open(element.name);
  const attrs = element.attributes === undefined ? '' : Object.entries(element.attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const inner = element.children === undefined ? '' : renderNode(element.children);
  return inner === '' ? `<${tag}${decl}${attrs}/>` : `<${tag}${decl}${attrs}>${inner}</${tag}>`;
}

/** Root element opening with every namespace we use declared once. */
export function rootOpen(name: ClarkName): string {
  const { tag } = open(name);
  const decls = Object.entries(PREFIXES)
    .map(([ns, prefix]) => ` xmlns:${prefix}="${escapeXml(ns)}"`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${tag}${decls}>`;
}

export function rootClose(name: ClarkName): string {
  return `</${open(name).tag}>`;
}

/** A complete document with one root element. */
export function document(root: XmlElementNode): string {
  const inner = root.children === undefined ? '' : renderNode(root.children);
  return `${rootOpen(root.name)}${inner}${rootClose(root.name)}`;
}

/** `<d:error>` body carrying one precondition element (RFC 4918 §16). */
export function errorDocument(condition: XmlNode, description?: string): string {
  const children: XmlNode[] = [condition];
  if (description) children.push(el(`{${NS.BS}}reason` as ClarkName, description));
  return document(el(`{${NS.DAV}}error` as ClarkName, children));
}
