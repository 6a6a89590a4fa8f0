import type { SyncKind } from '../../../../domain/index.ts';
import { dav } from '../xml/names.ts';
import { child, type XmlElement } from '../xml/parse.ts';
import { el } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { DavRequest } from '../DavRequest.ts';
import type { DavResource, ObjectResource } from '../resources.ts';
import { propResponse, statusResponse } from '../multistatus.ts';
import { sendMultistatus } from '../respond.ts';
import { evaluate } from '../propfind/evaluate.ts';
import { propsOf } from '../propfind/PropRequest.ts';
import { dataProvider } from './objectData.ts';
import { hrefPath } from './hrefs.ts';

/**
 * Shared by calendar-multiget (RFC 4791 §7.9) and addressbook-multiget (RFC 6352 §8.7): any number
 * of hrefs (DAVx5 sends 10, Outlook CalDav Synchronizer 100, Thunderbird all of them at once);
 * hrefs outside the collection or unknown get a 404 response each. An href sent twice is answered
 * once (first-seen order), so the work grows linearly with the distinct hrefs.
 */
const CHUNK = 500;

export async function multiget(req: DavRequest, resource: DavResource, body: XmlElement): Promise<void> {
  if (resource.type !== 'collection') throw new DavHttpError(403, 'Multiget is a collection report.');
  const { kind, collection } = resource;
  const prop = child(body, dav('prop'));
  const request = prop ? propsOf(prop) : ({ type: 'allprop', include: [] } as const);
  const hrefs = distinctHrefs(body, req.settings.limits.maxMultigetHrefs);
  const byName = new Map<string, string[]>();
  const outside: string[] = [];
  for (const href of hrefs) {
    const name = memberName(req, kind, href);
    if (name === null) outside.push(href);
    else {
      const sameMember = byName.get(name);
      if (sameMember) sameMember.push(href);
      else byName.set(name, [href]);
    }
  }
  const provider = dataProvider(req);
  const names = [...byName.keys()];
  // Bodies are loaded chunk by chunk while the answer streams: Thunderbird asks for every card of
  // a 100 000-card address book in one request, which must not be held in memory at once.
  async function* responses(): AsyncGenerator<string> {
    for (let i = 0; i < names.length; i += CHUNK) {
      const chunk = names.slice(i, i + CHUNK);
      const found = await collection.getByNames(chunk);
      for (const name of chunk) {
        const stored = found.get(name);
        for (const href of byName.get(name)!) {
          if (!stored) {
            yield statusResponse(href, 404);
            continue;
          }
          const member: ObjectResource = { type: 'object', href, kind, collection, name, etag: stored.etag, stored };
          yield propResponse(href, evaluate(member, request, req, provider));
        }
      }
    }
    for (const href of outside) yield statusResponse(href, 404);
  }
  await sendMultistatus(req, responses());
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
 * The distinct hrefs of a multiget, in first-seen order. More than `limit` distinct hrefs is refused
 * with 507 and `DAV:number-of-matches-within-limits`: RFC 5323 §5.17.1 defines that precondition
 * (with 507) for a request whose results exceed a server limit, and RFC 6352 §8.6.1 and RFC 6578
 * §3.2 reuse it for the same reason in address book and sync reports; every href is one result.
 */
export function distinctHrefs(body: XmlElement, limit: number): string[] {
  const seen = new Set<string>();
  for (const element of body.children) {
    if (element.name !== HREF) continue;
    seen.add(element.text.trim());
    if (seen.size > limit) {
      throw new DavHttpError(507, `A multiget may ask for at most ${limit} distinct hrefs.`, el(dav('number-of-matches-within-limits')));
    }
  }
  return [...seen];
}

const HREF = dav('href');
