import { dav } from '../xml/names.ts';
import { child, type TextLeaves, type XmlElement } from '../xml/parse.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { DavRequest } from '../DavRequest.ts';
import type { DavResource, ObjectResource } from '../resources.ts';
import { propResponse, statusResponse } from '../multistatus.ts';
import { sendMultistatus } from '../respond.ts';
import { evaluate } from '../propfind/evaluate.ts';
import { propsOf } from '../propfind/PropRequest.ts';
import { dataProvider } from './objectData.ts';
import { distinctHrefs, MultigetTargets } from './multigetHrefs.ts';

/**
 * Shared by calendar-multiget (RFC 4791 §7.9) and addressbook-multiget (RFC 6352 §8.7): any number
 * of hrefs (DAVx5 sends 10, Outlook CalDav Synchronizer 100, Thunderbird all of them at once);
 * hrefs outside the collection or unknown get a 404 response each. An href sent twice is answered
 * once (first-seen order), so the work grows linearly with the distinct hrefs.
 */
const CHUNK = 500;

export async function multiget(req: DavRequest, resource: DavResource, body: XmlElement, collected?: TextLeaves): Promise<void> {
  if (resource.type !== 'collection') throw new DavHttpError(403, 'Multiget is a collection report.');
  const { kind, collection } = resource;
  const prop = child(body, dav('prop'));
  const request = prop ? propsOf(prop) : ({ type: 'allprop', include: [] } as const);
  const targets = new MultigetTargets(req, kind, distinctHrefs(body, collected, req.settings.limits.maxMultigetHrefs));
  const provider = dataProvider(req);
  const names = targets.names();
  // Bodies are loaded chunk by chunk while the answer streams: Thunderbird asks for every card of
  // a 100 000-card address book in one request, which must not be held in memory at once (two
  // chunks at most: the one being sent and the next).
  async function* responses(): AsyncGenerator<string> {
    let i = 0;
    for await (const found of collection.byNamesInChunks(names, CHUNK)) {
      const chunk = names.slice(i, (i += CHUNK));
      for (const name of chunk) {
        const stored = found.get(name);
        for (const href of targets.hrefs(name)) {
          if (!stored) {
            yield statusResponse(href, 404);
            continue;
          }
          const member: ObjectResource = { type: 'object', href, kind, collection, name, etag: stored.etag, stored };
          yield propResponse(href, evaluate(member, request, req, provider));
        }
      }
    }
    for (const href of targets.outside) yield statusResponse(href, 404);
  }
  await sendMultistatus(req, responses());
}
