import { DavHttpError } from '../DavHttpError.ts';
import { loginOf } from '../paths.ts';
import type { DavMethod } from './DavMethod.ts';

/**
 * RFC 4918 §9.x OPTIONS: the `DAV:` and `Allow` headers are set for every DAV response by the
 * dispatcher (from the registries); OPTIONS itself only answers 200 with no body. iOS checks the
 * principal's `DAV:` header for `calendar-access`/`addressbook`. Unknown paths and other users'
 * trees answer 404 like every other method (no existence leak); this needs no database access.
 */
export const OPTIONS: DavMethod = {
  name: 'OPTIONS',
  allowedOn: (path) => path.type !== 'unknown',
  async handle(req, path) {
    const login = loginOf(path);
    if (login !== null && login !== req.user.login) throw new DavHttpError(404, 'No such resource.');
    req.ctx.status = 200;
    req.ctx.body = '';
  },
};
