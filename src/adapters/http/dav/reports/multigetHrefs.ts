import type { SyncKind } from '../../../../domain/index.ts';
import { caldav, carddav, dav } from '../xml/names.ts';
import { ownString, type TextLeaves, type XmlElement } from '../xml/parse.ts';
import { el } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { DavRequest } from '../DavRequest.ts';
import { hrefPath } from './hrefs.ts';

const HREF = dav('href');
/** The two multiget reports' root elements (their reports import this module, so they are named here). */
const MULTIGETS: ReadonlySet<string> = new Set([carddav('addressbook-multiget'), caldav('calendar-multiget')]);
/** A name `encodeURIComponent` leaves as it is: its href is the name itself after the collection's path. */
const UNENCODED_NAME = /^[A-Za-z0-9_.!~*'()-]+$/;

/**
 * The distinct hrefs of a multiget, in first-seen order, collected while the body is parsed (no
 * element per href). More than `limit` distinct hrefs is refused with 507 and
 * `DAV:number-of-matches-within-limits`: RFC 5323 §5.17.1 defines that precondition (with 507) for
 * a request whose results exceed a server limit, and RFC 6352 §8.6.1 and RFC 6578 §3.2 reuse it for
 * the same reason in address book and sync reports; every href is one result. Past the limit
 * nothing more is kept, and the 507 comes when the report asks for the list, as before streaming:
 * after the body was found well-formed and the resource was resolved.
 */
export class DistinctHrefs implements TextLeaves {
  readonly name = HREF;
  private seen: Set<string> | null = new Set();
  private over = false;

  constructor(private readonly limit: number) {}

  add(text: string): void {
    if (this.over || this.seen === null) return;
    this.seen.add(text.trim());
    if (this.seen.size > this.limit) {
      this.over = true;
      this.seen = null;
    }
  }

  /** The hrefs (still pointing into the body); the set is let go. */
  take(): string[] {
    if (this.over) {
      throw new DavHttpError(507, `A multiget may ask for at most ${this.limit} distinct hrefs.`, el(dav('number-of-matches-within-limits')));
    }
    const hrefs = [...(this.seen ?? [])];
    this.seen = null;
    return hrefs;
  }
}

/** The hrefs collected while parsing, or those of a body parsed into elements. */
export function distinctHrefs(body: XmlElement, collected: TextLeaves | undefined, limit: number): string[] {
  if (collected instanceof DistinctHrefs) return collected.take();
  const hrefs = new DistinctHrefs(limit);
  for (const element of body.children) if (element.name === HREF) hrefs.add(element.text);
  return hrefs.take();
}

/**
 * The hrefs of a multiget by member name, held while the answer streams (100 000 for Thunderbird),
 * so kept small: an href that is the member's own (`DavPaths.object`) is rebuilt when answered, not
 * stored; any other spelling is kept as sent, since the answer must echo it. No string kept here
 * points into the request body.
 */
export class MultigetTargets {
  /** First-seen order of names; per name `null` for its own href, or the hrefs as sent. */
  private readonly byName = new Map<string, string | null | Array<string | null>>();
  /** Hrefs outside the user's collection of this kind: each a 404. */
  readonly outside: string[] = [];

  constructor(
    private readonly req: DavRequest,
    private readonly kind: SyncKind,
    hrefs: readonly string[],
  ) {
    const collection = req.paths.collection(req.user.login, kind);
    for (const href of hrefs) {
      // Most hrefs are the member's own as we handed it out: no parsing, nothing kept.
      const rest = href.startsWith(collection) ? href.slice(collection.length) : '';
      if (UNENCODED_NAME.test(rest)) {
        this.add(rest, null);
        continue;
      }
      const name = memberName(req, kind, href);
      if (name === null) {
        this.outside.push(ownString(href));
        continue;
      }
      this.add(name, href === this.own(name) ? null : ownString(href));
    }
  }

  private add(name: string, kept: string | null): void {
    const before = this.byName.get(name);
    if (before === undefined) this.byName.set(ownString(name), kept);
    else this.byName.set(name, Array.isArray(before) ? [...before, kept] : [before, kept]);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** The hrefs `name` was asked by, in first-seen order. */
  hrefs(name: string): string[] {
    const kept = this.byName.get(name);
    if (!Array.isArray(kept)) return [kept ?? this.own(name)];
    return kept.map((href) => href ?? this.own(name));
  }

  private own(name: string): string {
    return this.req.paths.object(this.req.user.login, this.kind, name);
  }
}

/** The member name an href points to inside the user's collection of `kind`, or `null`. */
function memberName(req: DavRequest, kind: SyncKind, href: string): string | null {
  const path = hrefPath(href);
  if (path === null) return null;
  const parsed = req.paths.parse(path);
  if (!parsed || parsed.type !== 'object' || parsed.kind !== kind || parsed.login !== req.user.login) return null;
  return parsed.name;
}

/**
 * The member names of a multiget body whose every href is a member's own, as handed out (the
 * collection's path, then a name needing no escapes); `[]` for any other body. What a multiget's
 * members can be read by before the request is authenticated (`EarlySignIn.readAhead`).
 */
export function plainMemberNames(body: XmlElement, collectionPath: string): string[] {
  if (!MULTIGETS.has(body.name)) return [];
  const names: string[] = [];
  for (const element of body.children) {
    if (element.name !== HREF) continue;
    const href = element.text.trim();
    const name = href.startsWith(collectionPath) ? href.slice(collectionPath.length) : '';
    if (!UNENCODED_NAME.test(name)) return [];
    names.push(name);
  }
  return names;
}
