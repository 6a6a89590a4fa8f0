import type { DavResource } from '../resources.ts';

/**
 * Properties clients set with PROPPATCH and we keep per user (Apple's calendar-order, default
 * alarms, Outlook's colour, …). Stored as the XML the client sent, by Clark name.
 */
export function deadPropertiesOf(resource: DavResource): Readonly<Record<string, string>> {
  if (resource.type === 'collection') return resource.deadProperties;
  if (resource.type === 'home') return resource.deadProperties;
  return {};
}
