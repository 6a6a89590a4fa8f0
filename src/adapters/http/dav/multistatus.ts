import { STATUS_CODES } from 'node:http';
import { dav } from './xml/names.ts';
import { el, escapeXml, renderNode, rootClose, rootOpen, type XmlNode } from './xml/write.ts';

/** One `<d:propstat>`: properties sharing a status (RFC 4918 §14.22). */
export interface Propstat {
  readonly status: number;
  readonly props: readonly XmlNode[];
}

export function statusLine(code: number): string {
  return `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}`.trimEnd();
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
    inner += `<d:propstat>${props === '' ? '<d:prop/>' : `<d:prop>${props}</d:prop>`}<d:status>${escapeXml(statusLine(p.status))}</d:status></d:propstat>`;
  }
  return `<d:response><d:href>${escapeXml(href)}</d:href>${inner}</d:response>`;
}

/** `<d:response>` carrying only a status (a deleted member in sync-collection, a 404 in multiget). */
export function statusResponse(href: string, status: number, error?: XmlNode): string {
  const err = error === undefined ? '' : renderNode(el(dav('error'), error));
  return `<d:response><d:href>${escapeXml(href)}</d:href><d:status>${statusLine(status)}</d:status>${err}</d:response>`;
}

/**
 * A 207 body produced piece by piece: a 100 000-member listing is streamed to the client instead of
 * being built as one string.
 */
export async function* multistatus(responses: AsyncIterable<string> | Iterable<string>, trailer?: () => string): AsyncGenerator<string> {
  let buffer = rootOpen(dav('multistatus'));
  for await (const r of responses) {
    buffer += r;
    if (buffer.length > 64 * 1024) {
      yield buffer;
      buffer = '';
    }
  }
  if (trailer) buffer += trailer();
  yield `${buffer}${rootClose(dav('multistatus'))}`;
}
