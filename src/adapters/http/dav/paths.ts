import type { SyncKind } from '../../../domain/index.ts';

/** The collection segment of each kind under its home. */
export const COLLECTION_SEGMENT: Record<SyncKind, string> = {
  contacts: 'brokerstar',
  calendar: 'brokerstar',
  tasks: 'brokerstar-tasks',
};

export type ParsedPath =
  | { readonly type: 'root' }
  | { readonly type: 'principals' }
  | { readonly type: 'principal'; readonly login: string }
  | { readonly type: 'calendar-home'; readonly login: string }
  | { readonly type: 'addressbook-home'; readonly login: string }
  | { readonly type: 'collection'; readonly login: string; readonly kind: SyncKind }
  | { readonly type: 'object'; readonly login: string; readonly kind: SyncKind; readonly name: string }
  | { readonly type: 'unknown' };

const enc = encodeURIComponent;
const MAX_CACHED_LOGINS = 10_000;

/**
 * The URL layout of the DAV tree below the base path. Every href we emit is an absolute path
 * (`/dav/…`): Outlook CalDav Synchronizer concatenates scheme+host with the href, so full URLs or
 * relative paths break it (docs/clients.md §1.2 O-CUP).
 */
export class DavPaths {
  /** Collection hrefs by kind and login: a listing asks for one per member. */
  private readonly collections: Record<SyncKind, Map<string, string>> = { contacts: new Map(), calendar: new Map(), tasks: new Map() };

  constructor(readonly base: string) {}

  root(): string {
    return `${this.base}/`;
  }
  principals(): string {
    return `${this.base}/principals/`;
  }
  principal(login: string): string {
    return `${this.base}/principals/${enc(login)}/`;
  }
  calendarHome(login: string): string {
    return `${this.base}/calendars/${enc(login)}/`;
  }
  addressbookHome(login: string): string {
    return `${this.base}/addressbooks/${enc(login)}/`;
  }
  home(login: string, kind: SyncKind): string {
    return kind === 'contacts' ? this.addressbookHome(login) : this.calendarHome(login);
  }
  collection(login: string, kind: SyncKind): string {
    const known = this.collections[kind];
    let href = known.get(login);
    if (href === undefined) {
      href = `${this.home(login, kind)}${COLLECTION_SEGMENT[kind]}/`;
      // Bounded by the users who signed in; cleared rather than evicted, it is rebuilt at once.
      if (known.size >= MAX_CACHED_LOGINS) known.clear();
      known.set(login, href);
    }
    return href;
  }
  object(login: string, kind: SyncKind, name: string): string {
    return `${this.collection(login, kind)}${enc(name)}`;
  }

  /** Parses a request path (already without query string); `null` when it is outside the tree. */
  parse(pathname: string): ParsedPath | null {
    if (pathname !== this.base && !pathname.startsWith(`${this.base}/`)) return null;
    let segments: string[];
    try {
      segments = pathname.slice(this.base.length).split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    } catch {
      return { type: 'unknown' };
    }
    const [area, login, coll, name, ...rest] = segments;
    if (area === undefined) return { type: 'root' };
    if (rest.length > 0) return { type: 'unknown' };
    if (area === 'principals') {
      if (login === undefined) return { type: 'principals' };
      return coll === undefined ? { type: 'principal', login } : { type: 'unknown' };
    }
    if (area !== 'calendars' && area !== 'addressbooks') return { type: 'unknown' };
    if (login === undefined) return { type: 'unknown' };
    if (coll === undefined) return area === 'calendars' ? { type: 'calendar-home', login } : { type: 'addressbook-home', login };
    const kind = kindOf(area, coll);
    if (!kind) return { type: 'unknown' };
    return name === undefined ? { type: 'collection', login, kind } : { type: 'object', login, kind, name };
  }
}

function kindOf(area: string, segment: string): SyncKind | null {
  if (area === 'addressbooks') return segment === COLLECTION_SEGMENT.contacts ? 'contacts' : null;
  if (segment === COLLECTION_SEGMENT.calendar) return 'calendar';
  if (segment === COLLECTION_SEGMENT.tasks) return 'tasks';
  return null;
}

/** The login whose tree a path lies in, or `null` for the shared part (root, principals). */
export function loginOf(path: ParsedPath): string | null {
  return 'login' in path ? path.login : null;
}
