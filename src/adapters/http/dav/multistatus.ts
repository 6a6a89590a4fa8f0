import { STATUS_CODES } from 'node:http';
import { dav } from './xml/names.ts';
import { el, escapeText, renderNode, type XmlNode } from './xml/write.ts';

/** One `<d:propstat>`: properties sharing a status (RFC 4918 §14.22). */
export interface Propstat {
  readonly status: number;
  readonly props: readonly XmlNode[];
}

const STATUS_LINES = new Map<number, string>();

export function statusLine(code: number): string {
  let line = STATUS_LINES.get(code);
  if (line === undefined) {
    line = `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}`.trimEnd();
    // Only the codes this server answers with reach here; the bound is a safeguard.
    if (STATUS_LINES.size < 100) STATUS_LINES.set(code, line);
  }
  return line;
}

/**
 * `<d:response>` with propstats; empty propstats are left out. When nothing is left (only unknown
 * properties under `Prefer: return=minimal`), one empty 200 propstat keeps the response valid:
 * RFC 4918 §14.24 requires a propstat or a status in every response.
 */
export function propResponse(href: string, propstats: readonly Propstat[]): string {
  const kept = propstats.filter((p) => p.props.length > 0);
  // Written out rather than built as elements: one response per member, 100 000 in a listing.
  let inner = '';
  for (const p of kept.length > 0 ? kept : [{ status: 200, props: [] }]) {
    const props = renderNode(p.props);
    inner += `<d:propstat>${props === '' ? '<d:prop/>' : `<d:prop>${props}</d:prop>`}<d:status>${statusLine(p.status)}</d:status></d:propstat>`;
  }
  return `<d:response><d:href>${escapeText(href)}</d:href>${inner}</d:response>`;
}

/** `<d:response>` carrying only a status (a deleted member in sync-collection, a 404 in multiget). */
export function statusResponse(href: string, status: number, error?: XmlNode): string {
  const err = error === undefined ? '' : renderNode(el(dav('error'), error));
  return `<d:response><d:href>${escapeText(href)}</d:href><d:status>${statusLine(status)}</d:status>${err}</d:response>`;
}
