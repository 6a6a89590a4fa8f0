import { dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 3744 §4.2 `principal-URL`, on the principal (Outlook falls back to it on the DAV root too). */
export const principalUrl: DavProperty = {
  name: dav('principal-URL'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'principal' || r.type === 'root',
  get: (_r, req) => el(dav('href'), req.paths.principal(req.user.login)),
};
