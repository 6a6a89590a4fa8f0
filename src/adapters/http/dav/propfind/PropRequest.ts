import { dav, type ClarkName } from '../xml/names.ts';
import { child, type XmlElement } from '../xml/parse.ts';
import { DavHttpError } from '../DavHttpError.ts';

/** What a PROPFIND (or a report's `<d:prop>`) asks for (RFC 4918 §9.1, §14.20). */
export type PropRequest =
  | { readonly type: 'prop'; readonly names: readonly ClarkName[]; readonly elements: ReadonlyMap<ClarkName, XmlElement> }
  | { readonly type: 'allprop'; readonly include: readonly ClarkName[] }
  | { readonly type: 'propname' };

/** From the children of a `<d:prop>` element. */
export function propsOf(prop: XmlElement): PropRequest {
  return {
    type: 'prop',
    names: prop.children.map((c) => c.name),
    elements: new Map(prop.children.map((c) => [c.name, c])),
  };
}

/** An empty body means allprop (RFC 4918 §9.1). */
export function parsePropfind(body: XmlElement | null): PropRequest {
  if (!body) return { type: 'allprop', include: [] };
  if (body.name !== dav('propfind')) throw new DavHttpError(400, 'The PROPFIND body must be a DAV:propfind element.');
  const prop = child(body, dav('prop'));
  if (prop) return propsOf(prop);
  if (child(body, dav('propname'))) return { type: 'propname' };
  if (child(body, dav('allprop'))) {
    const include = child(body, dav('include'));
    return { type: 'allprop', include: include ? include.children.map((c) => c.name) : [] };
  }
  throw new DavHttpError(400, 'The PROPFIND body must contain prop, propname or allprop.');
}

/**
 * Whether answering needs the properties clients stored with PROPPATCH: allprop/propname list them,
 * and a named property may be one of them or a settable live one (displayname, colour, …).
 */
export function needsClientProperties(request: PropRequest, isProtected: (name: ClarkName) => boolean): boolean {
  return request.type !== 'prop' || request.names.some((n) => !isProtected(n));
}
