import { dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 5397 §3 `current-user-principal`: an absolute path, on every resource (discovery starts at `/`).
 * Also in allprop on the discovery entry points (the root, the DAV root, the principal), as Radicale
 * does: a client that followed the `/.well-known` 301 may have lost its body on the way (curl,
 * python-requests), and an empty PROPFIND means allprop (RFC 4918 §9.1).
 */
export const currentUserPrincipal: DavProperty = {
  name: dav('current-user-principal'),
  inAllprop: (r) => r.type === 'root' || r.type === 'principals' || r.type === 'principal',
  appliesTo: () => true,
  get: (_r, req) => el(dav('href'), req.paths.principal(req.user.login)),
};
