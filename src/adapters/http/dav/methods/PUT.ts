import { caldav, carddav } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { DavMethod } from './DavMethod.ts';
import { preconditionsOf } from './preconditions.ts';
import { resourceNameProblem } from '../resourceName.ts';

const MEDIA = { contacts: /^text\/(x-)?vcard\b/i, calendar: /^text\/calendar\b/i, tasks: /^text\/calendar\b/i } as const;

/**
 * RFC 4791 §5.3.2 and RFC 6352 §6.3.2 PUT of one calendar object or vCard. Creates at the name the
 * client chose and keeps it; `If-None-Match: *` creates only, `If-Match` updates only, neither
 * (Thunderbird's contacts) creates or updates. The stored bytes are the client's, so the ETag in the
 * answer is the one `getetag` shows later and clients need not re-download; when BrokerStar had to
 * complete the text (a dropped customer context, issue 13) there is no ETag (RFC 4791 §5.3.4).
 */
export const PUT: DavMethod = {
  name: 'PUT',
  allowedOn: (path) => path.type === 'object',
  async handle(req, path) {
    if (path.type !== 'object') throw new DavHttpError(405, 'PUT is allowed on objects only.');
    if (path.login !== req.user.login) throw new DavHttpError(404, 'No such collection.');
    const nameProblem = resourceNameProblem(path.name);
    if (nameProblem) throw new DavHttpError(400, nameProblem);
    const type = req.ctx.get('Content-Type');
    if (type && !MEDIA[path.kind].test(type)) {
      const condition = path.kind === 'contacts' ? el(carddav('supported-address-data')) : el(caldav('supported-calendar-data'));
      throw new DavHttpError(415, `Content-Type ${type} is not accepted here.`, condition);
    }
    const body = await req.objectText(path.kind);
    const outcome = await req.services.writer.put(req.user, path.kind, path.name, body, preconditionsOf(req));
    // Koa turns a null body into 204, so the empty body is set before the status.
    req.ctx.body = '';
    req.ctx.status = outcome.created ? 201 : 204;
    req.ctx.remove('Content-Type');
    if (outcome.etag !== null) req.ctx.set('ETag', outcome.etag);
  },
};
