import type { DavResource } from '../resources.ts';
import type { ClarkName } from '../xml/names.ts';
import type { RawXml } from '../xml/write.ts';

/**
 * Properties clients set with PROPPATCH and we keep per user (Apple's calendar-order, default
 * alarms, Outlook's colour, …). Stored as the XML the client sent, by Clark name.
 */
export function deadPropertiesOf(resource: DavResource): Readonly<Record<string, string>> {
  if (resource.type === 'collection') return resource.deadProperties;
  if (resource.type === 'home') return resource.deadProperties;
  return NONE;
}

const NONE: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The value a client set (PROPPATCH) for a settable live property (displayname, colour,
 * descriptions), as the XML it is stored as: already escaped, so it is emitted raw, never escaped
 * a second time ("A &amp; B" must not become "A &amp;amp; B").
 */
export function clientValue(resource: DavResource, name: ClarkName): RawXml | undefined {
  const stored = deadPropertiesOf(resource)[name];
  return stored === undefined ? undefined : { raw: stored };
}
