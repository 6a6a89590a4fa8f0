/**
 * The path of an href as clients send it in multiget: usually an absolute path, sometimes a full
 * URL. Returned percent-encoded, ready for `DavPaths.parse`.
 */
export function hrefPath(href: string): string | null {
  const text = href.trim();
  if (text.startsWith('/')) return text.split('?')[0]!;
  try {
    return new URL(text).pathname;
  } catch {
    return null;
  }
}
