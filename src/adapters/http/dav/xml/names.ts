/** XML namespaces used by WebDAV (RFC 4918), CalDAV (RFC 4791), CardDAV (RFC 6352) and Apple/CalendarServer extensions. */
export const NS = {
  DAV: 'DAV:',
  CALDAV: 'urn:ietf:params:xml:ns:caldav',
  CARDDAV: 'urn:ietf:params:xml:ns:carddav',
  CS: 'http://calendarserver.org/ns/',
  ICAL: 'http://apple.com/ns/ical/',
  ME: 'http://me.com/_namespace/',
  BS: 'http://brokerstar.biz/ns/dav/',
} as const;

/** Stable prefixes in our responses; clients must parse by namespace, but stable output eases debugging. */
export const PREFIXES: Record<string, string> = {
  [NS.DAV]: 'd',
  [NS.CALDAV]: 'cal',
  [NS.CARDDAV]: 'card',
  [NS.CS]: 'cs',
  [NS.ICAL]: 'ical',
  [NS.ME]: 'me',
  [NS.BS]: 'bs',
};

/** A namespaced name in Clark notation: `{DAV:}getetag`. */
export type ClarkName = `{${string}}${string}`;

export function clark(ns: string, local: string): ClarkName {
  return `{${ns}}${local}`;
}

export function splitClark(name: ClarkName): { ns: string; local: string } {
  const end = name.indexOf('}');
  return { ns: name.slice(1, end), local: name.slice(end + 1) };
}

export const dav = (local: string): ClarkName => clark(NS.DAV, local);
export const caldav = (local: string): ClarkName => clark(NS.CALDAV, local);
export const carddav = (local: string): ClarkName => clark(NS.CARDDAV, local);
export const cs = (local: string): ClarkName => clark(NS.CS, local);
export const ical = (local: string): ClarkName => clark(NS.ICAL, local);
