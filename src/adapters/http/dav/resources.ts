import type { SyncKind, User } from '../../../domain/index.ts';
import type { StoredObject } from '../../../ports/index.ts';
import type { OpenCollection } from '../../../application/CollectionService.ts';

/**
 * The protocol view of the DAV tree (sabre's INode/ICollection idea): handlers and properties only
 * ever see these, never storage.
 */
export type DavResource =
  | { readonly type: 'root'; readonly href: string }
  | { readonly type: 'principals'; readonly href: string }
  | { readonly type: 'principal'; readonly href: string; readonly owner: User }
  | HomeResource
  | CollectionResource
  | ObjectResource;

export interface HomeResource {
  readonly type: 'home';
  readonly href: string;
  readonly homeOf: 'calendars' | 'addressbooks';
  /** The collection whose property store also keeps the home's client properties (e.g. Apple's me-card). */
  readonly propertyStore: OpenCollection | null;
  readonly deadProperties: Readonly<Record<string, string>>;
}

export interface CollectionResource {
  readonly type: 'collection';
  readonly href: string;
  readonly kind: SyncKind;
  readonly collection: OpenCollection;
  /** Properties the user's clients set with PROPPATCH (colour, order, …), by Clark name. */
  readonly deadProperties: Readonly<Record<string, string>>;
}

export interface ObjectResource {
  readonly type: 'object';
  readonly href: string;
  readonly kind: SyncKind;
  readonly collection: OpenCollection;
  readonly name: string;
  readonly etag: string;
  /** Loaded only where the body is needed (GET, *-data properties). */
  readonly stored?: StoredObject;
}

export type ResourceType = DavResource['type'];

export function isCollectionLike(r: DavResource): boolean {
  return r.type !== 'object';
}
