import type { ClarkName } from '../xml/names.ts';
import type { XmlNode } from '../xml/write.ts';
import type { DavResource } from '../resources.ts';
import type { DavRequest } from '../DavRequest.ts';

/** What a property returns: a value, or `undefined` for "not found here" (a 404 propstat). */
export type PropertyValue = XmlNode | undefined;

/**
 * One live property: which resources have it and how to compute it (Xandikos-style registry).
 * `get` is synchronous on purpose: everything it needs is loaded with the resource, so a Depth 1
 * listing of 100 000 members never queries per member.
 */
export interface DavProperty {
  readonly name: ClarkName;
  /**
   * Included in `<allprop/>` answers (RFC 4918 §9.1: not the expensive or computed ones), on every
   * resource it applies to or only on some.
   */
  readonly inAllprop: boolean | ((resource: DavResource) => boolean);
  appliesTo(resource: DavResource): boolean;
  get(resource: DavResource, request: DavRequest): PropertyValue;
}

export function isInAllprop(property: DavProperty, resource: DavResource): boolean {
  const inAllprop = typeof property.inAllprop === 'function' ? property.inAllprop(resource) : property.inAllprop;
  return inAllprop && property.appliesTo(resource);
}
