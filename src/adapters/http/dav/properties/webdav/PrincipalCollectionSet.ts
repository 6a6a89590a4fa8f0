import { dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 3744 §5.8 `principal-collection-set` (iOS asks for it on the principal). */
export const principalCollectionSet: DavProperty = {
  name: dav('principal-collection-set'),
  inAllprop: false,
  appliesTo: () => true,
  get: (_r, req) => el(dav('href'), req.paths.principals()),
};
