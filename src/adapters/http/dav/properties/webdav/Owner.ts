import { dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 3744 §5.1 `owner`. Outlook CalDav Synchronizer compares it with current-user-principal to
 * decide whether a calendar is shared; ours always belong to the user.
 */
export const owner: DavProperty = {
  name: dav('owner'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'collection' || r.type === 'object' || r.type === 'home' || r.type === 'principal',
  get: (_r, req) => el(dav('href'), req.paths.principal(req.user.login)),
};
