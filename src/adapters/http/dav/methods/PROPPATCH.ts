import { dav, type ClarkName } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import { child, innerXml, type XmlElement } from '../xml/parse.ts';
import { DavHttpError } from '../DavHttpError.ts';
import { propResponse } from '../multistatus.ts';
import { sendMultistatus } from '../respond.ts';
import { homePropertyKey, resolve } from '../resolve.ts';
import { isProtected } from '../properties/index.ts';
import type { DavMethod } from './DavMethod.ts';

interface Update {
  readonly name: ClarkName;
  readonly value: string | null;
}

/**
 * RFC 4918 §9.2 PROPPATCH, atomic. Clients set Apple and Outlook properties (calendar-color,
 * calendar-order, default alarms, me-card, …); macOS Calendar stops syncing when such a PROPPATCH
 * fails (sabre-io/dav#935), so every non-protected property is kept per user and collection.
 */
export const PROPPATCH: DavMethod = {
  name: 'PROPPATCH',
  allowedOn: (path) => path.type === 'collection' || path.type === 'calendar-home' || path.type === 'addressbook-home',
  async handle(req, path, serverRoot) {
    const body = await req.xml();
    if (!body || body.name !== dav('propertyupdate')) throw new DavHttpError(400, 'PROPPATCH needs a DAV:propertyupdate body.');
    const resource = await resolve(req, path, serverRoot);
    const updates = body.children.flatMap((op) => updatesOf(op));
    const store = resource.type === 'collection' ? resource.collection : resource.type === 'home' ? resource.propertyStore : null;
    const refused = store ? updates.filter((u) => isProtected(u.name)) : updates;
    if (refused.length > 0) {
      // Atomic: nothing is applied when one property is refused (§9.2).
      const failed = updates.filter((u) => !refused.includes(u));
      await sendMultistatus(req, [
        propResponse(resource.href, [
          { status: 403, props: refused.map((u) => el(u.name)) },
          { status: 424, props: failed.map((u) => el(u.name)) },
        ]),
      ]);
      return;
    }
    for (const u of updates) {
      const key = resource.type === 'home' ? homePropertyKey(u.name) : u.name;
      await store!.syncIndex.setProperty(store!.state.id, key, u.value);
    }
    await sendMultistatus(req, [propResponse(resource.href, [{ status: 200, props: updates.map((u) => el(u.name)) }])]);
  },
};

function updatesOf(op: XmlElement): Update[] {
  const prop = child(op, dav('prop'));
  if (!prop) return [];
  if (op.name === dav('set')) return prop.children.map((p) => ({ name: p.name, value: innerXml(p) }));
  if (op.name === dav('remove')) return prop.children.map((p) => ({ name: p.name, value: null }));
  return [];
}
