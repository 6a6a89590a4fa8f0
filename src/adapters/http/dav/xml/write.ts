import { PREFIXES, splitClark, type ClarkName, NS } from './names.ts';

/** XML text escaping for element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
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
  return { name, ...(children === undefined ? {} : { children }), ...(attributes ? { attributes } : {}) };
}

/** Qualified name with our stable prefix; unknown namespaces get an inline default xmlns. */
function open(name: ClarkName): { tag: string; decl: string } {
  const { ns, local } = splitClark(name);
  const prefix = PREFIXES[ns];
  if (prefix !== undefined) return { tag: `${prefix}:${local}`, decl: '' };
  if (ns === '') return { tag: local, decl: ' xmlns=""' };
  return { tag: `x:${local}`, decl: ` xmlns:x="${escapeXml(ns)}"` };
}

export function renderNode(node: XmlNode): string {
  if (typeof node === 'string') return escapeXml(node);
  if (Array.isArray(node)) return (node as readonly XmlNode[]).map(renderNode).join('');
  if ('raw' in (node as RawXml)) return (node as RawXml).raw;
  const element = node as XmlElementNode;
  const { tag, decl } = open(element.name);
  const attrs = Object.entries(element.attributes ?? {})
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
