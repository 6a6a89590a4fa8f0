import { METHODS } from './dav/methods/index.ts';

/** Which part of the DAV plugin answers a request, or `null` when it belongs to the host. */
export type DavRoute = 'well-known' | 'root' | 'tree' | 'setup';

/** Methods answered as DAV on the bare host `/`; GET, HEAD and POST of `/` stay the host's. */
const ROOT_METHODS: ReadonlySet<string> = new Set(['PROPFIND', 'OPTIONS', 'REPORT', 'PROPPATCH']);
/**
 * Methods routed into the DAV tree: the registered ones plus those a DAV client may try, so that
 * they get a DAV 405 with `Allow` instead of falling through to the host's 404.
 */
const TREE_METHODS: ReadonlySet<string> = new Set([
  ...METHODS.map((m) => m.name), 'POST', 'PATCH', 'MOVE', 'COPY', 'LOCK', 'UNLOCK', 'ACL', 'SEARCH',
]);
const WELL_KNOWN = /^\/\.well-known\/(caldav|carddav)\/?$/;

/** `/dav/` → `/dav`; `/` is refused because the host keeps its own routes there. */
export function normaliseBasePath(base: string): string {
  const trimmed = `/${base.replace(/^\/+|\/+$/g, '')}`;
  if (trimmed === '/') throw new Error('The DAV base path must not be "/": the host keeps its own routes there.');
  return trimmed;
}

/**
 * The paths the plugin claims (RFC 6764 §5 well-known URIs, DAV methods on `/` for clients that
 * start discovery at the bare host, everything under `basePath`); every other request is the host's.
 */
export function davRoute(method: string, path: string, basePath: string): DavRoute | null {
  if (WELL_KNOWN.test(path)) return TREE_METHODS.has(method) ? 'well-known' : null;
  if (path === '/') return ROOT_METHODS.has(method) ? 'root' : null;
  // The personal setup page (a web page, not DAV): every method, so that a wrong one gets its 405.
  if (path === `${basePath}/setup` || path.startsWith(`${basePath}/setup/`)) return 'setup';
  if (path === basePath || path.startsWith(`${basePath}/`)) return TREE_METHODS.has(method) ? 'tree' : null;
  return null;
}
