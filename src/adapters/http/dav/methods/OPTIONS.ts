import type { DavMethod } from './DavMethod.ts';

/**
 * RFC 4918 §9.x OPTIONS: the `DAV:` and `Allow` headers are set for every DAV response by the
 * dispatcher (from the registries); OPTIONS itself only answers 200 with no body. iOS checks the
 * principal's `DAV:` header for `calendar-access`/`addressbook`.
 */
export const OPTIONS: DavMethod = {
  name: 'OPTIONS',
  allowedOn: () => true,
  async handle(req) {
    req.ctx.status = 200;
    req.ctx.body = '';
  },
};
