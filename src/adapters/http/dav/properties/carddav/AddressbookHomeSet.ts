import { decideKindSync } from '../../../../../domain/index.ts';
import { carddav, dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 6352 §7.1.1 `addressbook-home-set`: offered while the user may sync contacts. */
export const addressbookHomeSet: DavProperty = {
  name: carddav('addressbook-home-set'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'principal',
  get: (_r, req) =>
    decideKindSync(req.user, 'contacts').allowed ? el(dav('href'), req.paths.addressbookHome(req.user.login)) : undefined,
};
