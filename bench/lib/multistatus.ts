/**
 * A small, fast reader for 207 bodies: enough to check answers (hrefs, statuses, ETags, data) on
 * multi-megabyte listings without building a DOM. Prefix-agnostic.
 */
export interface MsResponse {
  readonly href: string;
  /** The response-level `<status>` (deleted member, 404 in multiget), if any. */
  readonly status: number | null;
  /** Status of the propstat that carries getetag, or the first propstat's. */
  readonly etag: string | null;
  readonly data: string | null;
  readonly raw: string;
}

const RESPONSE = /<(?:[\w.-]+:)?response(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?response>/g;
const HREF = /<(?:[\w.-]+:)?href(?:\s[^>]*)?>([^<]*)<\//;
const ETAG = /<(?:[\w.-]+:)?getetag(?:\s[^>]*)?>([^<]+)<\//;
const DATA = /<(?:[\w.-]+:)?(?:address|calendar)-data(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?(?:address|calendar)-data>/;
const PROPSTAT = /<(?:[\w.-]+:)?propstat[\s>]/;
const STATUS = /<(?:[\w.-]+:)?status>\s*HTTP\/\d\.\d\s+(\d{3})/;

export function parseMultistatus(text: string): MsResponse[] {
  const out: MsResponse[] = [];
  for (const m of text.matchAll(RESPONSE)) {
    const raw = m[1]!;
    const href = decodeText(HREF.exec(raw)?.[1] ?? '');
    const hasPropstat = PROPSTAT.test(raw);
    const status = hasPropstat ? null : Number(STATUS.exec(raw)?.[1] ?? 0);
    const etag = ETAG.exec(raw)?.[1];
    const data = DATA.exec(raw)?.[1];
    out.push({ href, status, etag: etag ? decodeText(etag) : null, data: data === undefined ? null : decodeText(data), raw });
  }
  return out;
}

/** The `<sync-token>` that closes a sync-collection answer (the last one in the document). */
export function syncTokenOf(text: string): string | null {
  const all = [...text.matchAll(/<(?:[\w.-]+:)?sync-token>([^<]*)<\//g)];
  return all.length ? decodeText(all[all.length - 1]![1]!) : null;
}

/** Text content of the first element named `local` (any prefix). */
export function propText(text: string, local: string): string | null {
  const m = new RegExp(`<(?:[\\w.-]+:)?${local}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${local}>`).exec(text);
  return m ? decodeText(m[1]!) : null;
}

export function decodeText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    switch (e.toLowerCase()) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
