import { xml2js, type Element } from 'xml-js';
import { clark, type ClarkName } from './names.ts';

/** A parsed XML element with its namespace resolved (RFC 4918 §8.1: clients may use any prefix). */
export interface XmlElement {
  readonly name: ClarkName;
  readonly ns: string;
  readonly local: string;
  /** Attributes by local name (DAV request attributes are never namespaced in practice). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated direct text content. */
  readonly text: string;
}

export class XmlSyntaxError extends Error {}

/**
 * Parses a request body. Document type declarations are refused outright, so no entity (internal
 * or external) is ever expanded (XXE, billion laughs).
 */
export function parseXml(body: string): XmlElement {
  if (/<!DOCTYPE/i.test(body) || /<!ENTITY/i.test(body)) {
    throw new XmlSyntaxError('Document type declarations are not allowed.');
  }
  let doc: Element;
  try {
    doc = xml2js(body, { compact: false, ignoreComment: true, ignoreInstruction: true, ignoreDeclaration: true, ignoreDoctype: true }) as Element;
  } catch (err) {
    throw new XmlSyntaxError(`Malformed XML: ${(err as Error).message.split('\n')[0]}`);
  }
  const root = (doc.elements ?? []).find((e) => e.type === 'element');
  if (!root) throw new XmlSyntaxError('The XML body has no root element.');
  return resolve(root, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function resolve(el: Element, inherited: Map<string, string>): XmlElement {
  // The scope is copied only where an element declares namespaces: a Thunderbird multiget with
  // 100 000 hrefs would otherwise copy the map 100 000 times.
  let scope = inherited;
  const attributes: Record<string, string> = {};
  for (const [key, raw] of Object.entries(el.attributes ?? {})) {
    const value = String(raw ?? '');
    if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
    if (scope === inherited) scope = new Map(inherited);
    scope.set(key === 'xmlns' ? '' : key.slice(6), value);
  }
  for (const [key, raw] of Object.entries(el.attributes ?? {})) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    attributes[key.includes(':') ? key.slice(key.indexOf(':') + 1) : key] = String(raw ?? '');
  }
  const qname = el.name ?? '';
  const colon = qname.indexOf(':');
  const prefix = colon >= 0 ? qname.slice(0, colon) : '';
  const local = colon >= 0 ? qname.slice(colon + 1) : qname;
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== '') throw new XmlSyntaxError(`Undeclared namespace prefix "${prefix}".`);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of el.elements ?? []) {
    if (child.type === 'element') children.push(resolve(child, scope));
    else if (child.type === 'text' || child.type === 'cdata') text += String(child.text ?? child.cdata ?? '');
  }
  return { name: clark(ns ?? '', local), ns: ns ?? '', local, attributes, children, text };
}

export function child(el: XmlElement, name: ClarkName): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement, name: ClarkName): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Serialises the children of a parsed element back to XML (to keep a dead property as sent). */
export function innerXml(el: XmlElement): string {
  return el.children.map(outerXml).join('') + escapeText(el.children.length === 0 ? el.text : '');
}

function outerXml(el: XmlElement): string {
  const attrs = Object.entries(el.attributes)
    .map(([k, v]) => ` ${k}="${escapeText(v)}"`)
    .join('');
  const ns = ` xmlns="${escapeText(el.ns)}"`;
  const inner = innerXml(el);
  return inner === '' ? `<${el.local}${ns}${attrs}/>` : `<${el.local}${ns}${attrs}>${inner}</${el.local}>`;
}

function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}
