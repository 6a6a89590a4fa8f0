import { splitClark, type ClarkName } from '../xml/names.ts';
import { el, type XmlNode } from '../xml/write.ts';
import type { Propstat } from '../multistatus.ts';
import type { DavRequest } from '../DavRequest.ts';
import type { DavResource } from '../resources.ts';
import { PROPERTIES, propertyNamed } from '../properties/index.ts';
import { isInAllprop } from '../properties/DavProperty.ts';
import { deadPropertiesOf } from './deadProperties.ts';
import type { PropRequest } from './PropRequest.ts';
import type { XmlElement } from '../xml/parse.ts';

/**
 * Computes a property that needs the object's data (`calendar-data`, `address-data`); registered by
 * the reports, which know the requested format. Returns `null` when `name` is not such a property.
 */
export type DataPropertyProvider = (resource: DavResource, name: ClarkName, element: XmlElement | undefined) => XmlNode | undefined | null;

/**
 * A data property that cannot be produced for this one resource (an `expand` beyond
 * CALDAV:max-instances): it gets its own propstat with `status` (RFC 4918 §9.1) instead of failing
 * the whole multistatus, which may already be streaming.
 */
export class PropertyFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The propstats of one resource for a property request (RFC 4918 §9.1). */
export function evaluate(resource: DavResource, request: PropRequest, req: DavRequest, data?: DataPropertyProvider): Propstat[] {
  const found: XmlNode[] = [];
  const missing: XmlNode[] = [];
  let failed: Map<number, XmlNode[]> | undefined;
  const dead = deadPropertiesOf(resource);
  const add = (name: ClarkName, value: XmlNode | undefined) => {
    if (value === undefined) missing.push(el(name));
    else found.push(el(name, value));
  };

  if (request.type === 'propname') {
    const names = PROPERTIES.filter((p) => p.appliesTo(resource)).map((p) => p.name);
    return [{ status: 200, props: [...names, ...Object.keys(dead)].map((n) => el(n as ClarkName)) }];
  }

  const names =
    request.type === 'prop'
      ? distinctNames(request)
      : new Set([...PROPERTIES.filter((p) => isInAllprop(p, resource)).map((p) => p.name), ...(Object.keys(dead) as ClarkName[]), ...request.include]);

  for (const name of names) {
    const element = request.type === 'prop' ? request.elements.get(name) : undefined;
    let fromData: XmlNode | undefined | null;
    try {
      fromData = data?.(resource, name, element);
    } catch (err) {
      if (!(err instanceof PropertyFailure)) throw err;
      failed ??= new Map();
      failed.set(err.status, [...(failed.get(err.status) ?? []), el(name)]);
      continue;
    }
    if (fromData !== null && fromData !== undefined) {
      found.push(el(name, fromData));
      continue;
    }
    const property = propertyNamed(name);
    if (property) {
      add(name, property.appliesTo(resource) ? property.get(resource, req) : undefined);
    } else if (dead[name] !== undefined) {
      found.push(el(name, { raw: dead[name] }));
    } else if (splitClark(name).local !== '') {
      missing.push(el(name));
    }
  }
  const propstats: Propstat[] = [{ status: 200, props: found }];
  if (!req.preferMinimal && request.type === 'prop') propstats.push({ status: 404, props: missing });
  if (failed) for (const [status, props] of failed) propstats.push({ status, props });
  return propstats;
}

/** The names a `prop` request asks for, each once: worked out once per request, not per member of a listing. */
const DISTINCT = new WeakMap<PropRequest, ReadonlySet<ClarkName>>();

function distinctNames(request: PropRequest & { type: 'prop' }): ReadonlySet<ClarkName> {
  let names = DISTINCT.get(request);
  if (names === undefined) DISTINCT.set(request, (names = new Set(request.names)));
  return names;
}
