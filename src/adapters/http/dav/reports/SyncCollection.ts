import { parseSyncToken, formatSyncToken } from '../../../../domain/index.ts';
import type { ChangePage, ChangesResult } from '../../../../application/CollectionService.ts';
import { caldav, carddav, dav } from '../xml/names.ts';
import { el, renderNode } from '../xml/write.ts';
import { child, type XmlElement } from '../xml/parse.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { DavRequest } from '../DavRequest.ts';
import type { CollectionResource, ObjectResource } from '../resources.ts';
import { propResponse, statusResponse } from '../multistatus.ts';
import { sendMultistatus } from '../respond.ts';
import { evaluate } from '../propfind/evaluate.ts';
import { propsOf, type PropRequest } from '../propfind/PropRequest.ts';
import { dataProvider } from './objectData.ts';
import type { DavReport } from './DavReport.ts';
import { observation } from '../../observability/observation.ts';

/**
 * RFC 6578 `sync-collection` on all three collections. An empty token is an initial sync; changed
 * members come with their properties, removed ones as 404; `limit` truncates with a 507 response
 * for the request-URI and a continuation token. Depth 0 is the RFC's; iOS and Thunderbird send 1,
 * which is accepted alike. Thunderbird asks for `address-data` inline, which works like multiget.
 */
const DATA_PROPS = new Set([caldav('calendar-data'), carddav('address-data')]);

export const syncCollection: DavReport = {
  name: dav('sync-collection'),
  appliesTo: (r) => r.type === 'collection',
  async handle(req, resource, body) {
    if (resource.type !== 'collection') throw new DavHttpError(403, 'sync-collection works on collections.');
    const tokenText = child(body, dav('sync-token'))?.text.trim() ?? '';
    const level = child(body, dav('sync-level'))?.text.trim() ?? '1';
    if (level !== '1' && level !== 'infinite') throw new DavHttpError(400, `Unsupported sync-level "${level}".`);
    const from = tokenText === '' ? null : parseSyncToken(tokenText);
    if (from) req.services.devices.seen(req.user.id, req.ctx.get('User-Agent'), from.seq);
    const limit = parseLimit(child(body, dav('limit')));
    const prop = child(body, dav('prop'));
    const request: PropRequest = prop ? propsOf(prop) : { type: 'prop', names: [dav('getetag')], elements: new Map() };
    const changes = resource.collection.changes(from, limit);
    // Validate the token before the 207 starts streaming, so a bad one still gets its 403.
    const first = await changes.next();
    let token = '';
    await sendMultistatus(req, responses(req, resource, request, first, changes, (t) => (token = t)), () => token);
  },
};

type Step = IteratorResult<ChangePage, ChangesResult>;

async function* responses(
  req: DavRequest,
  resource: CollectionResource,
  request: PropRequest,
  first: Step,
  rest: AsyncGenerator<ChangePage, ChangesResult>,
  setToken: (t: string) => void,
): AsyncGenerator<string> {
  const needsData = request.type === 'prop' && request.names.some((n) => DATA_PROPS.has(n));
  const provider = dataProvider(req);
  const record = observation(req.ctx);
  record.syncChanges = 0;
  const { kind, collection } = resource;
  let step = first;
  for (;;) {
    if (step.done) {
      const { next, truncated } = step.value;
      if (truncated) yield statusResponse(resource.href, 507, el(dav('number-of-matches-within-limits')));
      setToken(renderNode(el(dav('sync-token'), formatSyncToken(next))));
      return;
    }
    const page = step.value;
    const bodies = needsData && page.changed.length ? await collection.getByIds(page.changed.map((c) => c.objectId)) : null;
    record.syncChanges += page.changed.length + page.removed.length;
    for (const changed of page.changed) {
      const stored = bodies?.get(changed.objectId);
      const href = req.paths.object(req.user.login, kind, changed.name);
      const member: ObjectResource = stored
        ? { type: 'object', href, kind, collection, name: changed.name, etag: stored.etag, stored }
        : { type: 'object', href, kind, collection, name: changed.name, etag: changed.etag };
      yield propResponse(member.href, evaluate(member, request, req, provider));
    }
    for (const name of page.removed) yield statusResponse(req.paths.object(req.user.login, kind, name), 404);
    step = await rest.next();
  }
}

function parseLimit(limit: XmlElement | undefined): number | null {
  if (!limit) return null;
  const n = Number(child(limit, dav('nresults'))?.text.trim());
  if (!Number.isInteger(n) || n < 1) throw new DavHttpError(400, 'limit/nresults must be a positive integer.');
  return n;
}
