import { dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 5397 §3 `current-user-principal`: an absolute path, on every resource (discovery starts at `/`). */
export const currentUserPrincipal: DavProperty = {
  name: dav('current-user-principal'),
  inAllprop: false,
  appliesTo: () => true,
  get: (_r, req) => el(dav('href'), req.paths.principal(req.user.login)),
};
