import { DavHttpError } from '../DavHttpError.ts';
import type { DavMethod } from './DavMethod.ts';
import { preconditionsOf } from './preconditions.ts';

/**
 * RFC 4918 §9.6 DELETE of one object, with or without If-Match, under BrokerStar's rules: a shared
 * appointment or task only loses this user's assignment; a contact is deleted only where the group
 * may delete contacts, otherwise 403 `need-privileges` (DAVx5 and iOS restore it at the next sync).
 */
export const DELETE: DavMethod = {
  name: 'DELETE',
  allowedOn: (path) => path.type === 'object',
  async handle(req, path) {
    if (path.type !== 'object') throw new DavHttpError(403, 'Only objects can be deleted.');
    if (path.login !== req.user.login) throw new DavHttpError(404, 'No such object.');
    await req.services.writer.delete(req.user, path.kind, path.name, preconditionsOf(req));
    req.ctx.status = 204;
    req.ctx.body = null;
  },
};
