import { caldav, carddav, dav } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { DavRequest } from '../DavRequest.ts';
import type { DavResource, ObjectResource } from '../resources.ts';
import { propResponse } from '../multistatus.ts';
import { sendMultistatus } from '../respond.ts';
import { homeChildren, resolve } from '../resolve.ts';
import { evaluate } from '../propfind/evaluate.ts';
import { needsClientProperties, parsePropfind, type PropRequest } from '../propfind/PropRequest.ts';
import { isProtected } from '../properties/index.ts';
import { dataProvider } from '../reports/objectData.ts';
import type { DavMethod } from './DavMethod.ts';

const DATA_PROPS = new Set([caldav('calendar-data'), carddav('address-data')]);

/**
 * RFC 4918 §9.1 PROPFIND. Depth 0 and 1; `infinity` is refused with `propfind-finite-depth`
 * (§9.1, a 100 000-card tree must not be walked by accident). A missing Depth header means
 * infinity in the RFC; none of the supported clients omits it, and a client that does wants this
 * resource's properties far more often than a full listing, so it is read as 0 (as Radicale does):
 * cheap, and it never streams a whole address book to a client that did not ask for members.
 */
export const PROPFIND: DavMethod = {
  name: 'PROPFIND',
  allowedOn: (path) => path.type !== 'unknown',
  async handle(req, path, serverRoot) {
    const depth = req.depth('0');
    if (depth === 'infinity') {
      throw new DavHttpError(403, 'PROPFIND with Depth: infinity is not supported.', el(dav('propfind-finite-depth')));
    }
    const request = parsePropfind(await req.xml());
    req.wantsClientProperties = needsClientProperties(request, isProtected);
    const resource = await resolve(req, path, serverRoot);
    await sendMultistatus(req, responses(req, resource, request, depth === '1'));
  },
};

async function* responses(req: DavRequest, resource: DavResource, request: PropRequest, withChildren: boolean): AsyncGenerator<string> {
  yield propResponse(resource.href, evaluate(resource, request, req, dataProvider(req)));
  if (!withChildren) return;
  if (resource.type === 'principals') {
    yield propResponse(req.paths.principal(req.user.login), evaluate({ type: 'principal', href: req.paths.principal(req.user.login), owner: req.user }, request, req));
  } else if (resource.type === 'home') {
    for (const child of await homeChildren(req, resource)) yield propResponse(child.href, evaluate(child, request, req));
  } else if (resource.type === 'collection') {
    const needsData = request.type === 'prop' && request.names.some((n) => DATA_PROPS.has(n));
    for await (const page of resource.collection.list()) {
      const bodies = needsData ? await resource.collection.getByIds(page.map((o) => o.objectId)) : null;
      for (const listed of page) {
        const member: ObjectResource = {
          type: 'object',
          href: req.paths.object(req.user.login, resource.kind, listed.name),
          kind: resource.kind,
          collection: resource.collection,
          name: listed.name,
          etag: bodies?.get(listed.objectId)?.etag ?? listed.etag,
          ...(bodies?.get(listed.objectId) ? { stored: bodies.get(listed.objectId)! } : {}),
        };
        yield propResponse(member.href, evaluate(member, request, req, dataProvider(req)));
      }
    }
  }
}
