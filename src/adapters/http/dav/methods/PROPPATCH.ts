import { dav, type ClarkName } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import { child, innerXml, type XmlElement } from '../xml/parse.ts';
import { DavHttpError } from '../DavHttpError.ts';
import { propResponse } from '../multistatus.ts';
import { sendMultistatus } from '../respond.ts';
import { homePropertyKey, resolve } from '../resolve.ts';
import { isProtected } from '../properties/index.ts';
import type { DavMethod } from './DavMethod.ts';
import { effectiveWrites, propertiesBeyondLimits, type PropertyUpdate } from '../propfind/deadPropertyLimits.ts';


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
    const forbidden = new Set(store ? updates.filter((u) => isProtected(u.name)).map((u) => u.name) : updates.map((u) => u.name));
    const current = resource.type === 'collection' || resource.type === 'home' ? resource.deadProperties : {};
    const noSpace = forbidden.size > 0 ? new Set<ClarkName>() : propertiesBeyondLimits(current, updates, req.settings.limits);
    if (forbidden.size > 0 || noSpace.size > 0) {
      // Atomic: nothing is applied when one property is refused (§9.2).
      const names = [...new Set(updates.map((u) => u.name))];
      const failed = names.filter((n) => !forbidden.has(n) && !noSpace.has(n));
      await sendMultistatus(req, [
        propResponse(resource.href, [
          { status: 403, props: [...forbidden].map((n) => el(n)) },
          { status: 507, props: [...noSpace].map((n) => el(n)) },
          { status: 424, props: failed.map((n) => el(n)) },
        ]),
      ]);
      return;
    }
    for (const u of effectiveWrites(current, updates)) {
      const key = resource.type === 'home' ? homePropertyKey(u.name) : u.name;
      await store!.syncIndex.setProperty(store!.state.id, key, u.value);
    }
    await sendMultistatus(req, [propResponse(resource.href, [{ status: 200, props: [...new Set(updates.map((u) => u.name))].map((n) => el(n)) }])]);
  },
};

function updatesOf(op: XmlElement): PropertyUpdate[] {
  const prop = child(op, dav('prop'));
  if (!prop) return [];
  if (op.name === dav('set')) return prop.children.map((p) => ({ name: p.name, value: innerXml(p) }));
  if (op.name === dav('remove')) return prop.children.map((p) => ({ name: p.name, value: null }));
  return [];
}
