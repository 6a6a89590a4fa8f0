import { NotFound, decideKindSync, SyncNotAllowed, type SyncKind } from '../../../domain/index.ts';
import type { OpenCollection } from '../../../application/CollectionService.ts';
import type { DavRequest } from './DavRequest.ts';
import type { ParsedPath } from './paths.ts';
import type { CollectionResource, DavResource, HomeResource, ObjectResource } from './resources.ts';

const HOME_PREFIX = 'home:';

/** Splits a collection's stored client properties into its own and its home's. */
async function propertiesOf(req: DavRequest, collection: OpenCollection, forHome: boolean): Promise<Record<string, string>> {
  if (!req.wantsClientProperties) return {};
  const all = await collection.syncIndex.getProperties(collection.state.id);
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(HOME_PREFIX) === forHome) result[forHome ? key.slice(HOME_PREFIX.length) : key] = value;
  }
  return result;
}

export function homePropertyKey(name: string): string {
  return `${HOME_PREFIX}${name}`;
}

function ownPath(req: DavRequest, login: string): void {
  // Another user's tree answers 404, exactly like a path that does not exist (no existence leak).
  if (login !== req.user.login) throw new NotFound('No such resource.');
}

export async function collectionResource(req: DavRequest, kind: SyncKind): Promise<CollectionResource> {
  const collection = await req.collection(kind);
  return {
    type: 'collection',
    href: req.paths.collection(req.user.login, kind),
    kind,
    collection,
    deadProperties: await propertiesOf(req, collection, false),
  };
}

export async function homeResource(req: DavRequest, homeOf: 'calendars' | 'addressbooks'): Promise<HomeResource> {
  const kinds: SyncKind[] = homeOf === 'addressbooks' ? ['contacts'] : ['calendar', 'tasks'];
  const allowed = kinds.find((k) => decideKindSync(req.user, k).allowed);
  if (!allowed) {
    const decision = decideKindSync(req.user, kinds[0]!);
    if (decision.allowed) throw new SyncNotAllowed('group-flag-off', '');
    throw new SyncNotAllowed(decision.reason, decision.explanation, decision.message);
  }
  const store = await req.collection(allowed);
  return {
    type: 'home',
    href: homeOf === 'addressbooks' ? req.paths.addressbookHome(req.user.login) : req.paths.calendarHome(req.user.login),
    homeOf,
    propertyStore: store,
    deadProperties: await propertiesOf(req, store, true),
  };
}

/** The collections listed in a home: only those the user's group allows (hidden, not 403). */
export async function homeChildren(req: DavRequest, home: HomeResource): Promise<CollectionResource[]> {
  const kinds: SyncKind[] = home.homeOf === 'addressbooks' ? ['contacts'] : ['calendar', 'tasks'];
  const allowed = kinds.filter((k) => decideKindSync(req.user, k).allowed);
  return Promise.all(allowed.map((k) => collectionResource(req, k)));
}

export async function objectResource(req: DavRequest, kind: SyncKind, name: string): Promise<ObjectResource | null> {
  const collection = await req.collection(kind);
  const stored = await collection.getByName(name);
  if (!stored) return null;
  return { type: 'object', href: req.paths.object(req.user.login, kind, name), kind, collection, name, etag: stored.etag, stored };
}

/** Resolves a parsed path to a resource; throws `NotFound`/`SyncNotAllowed` for what the user may not see. */
export async function resolve(req: DavRequest, path: ParsedPath, serverRoot: boolean): Promise<DavResource> {
  switch (path.type) {
    case 'root':
      return { type: 'root', href: serverRoot ? '/' : req.paths.root() };
    case 'principals':
      return { type: 'principals', href: req.paths.principals() };
    case 'principal':
      ownPath(req, path.login);
      return { type: 'principal', href: req.paths.principal(path.login), owner: req.user };
    case 'calendar-home':
      ownPath(req, path.login);
      return homeResource(req, 'calendars');
    case 'addressbook-home':
      ownPath(req, path.login);
      return homeResource(req, 'addressbooks');
    case 'collection':
      ownPath(req, path.login);
      return collectionResource(req, path.kind);
    case 'object': {
      ownPath(req, path.login);
      const found = await objectResource(req, path.kind, path.name);
      if (!found) throw new NotFound('No such object.');
      return found;
    }
    default:
      throw new NotFound('No such resource.');
  }
}
