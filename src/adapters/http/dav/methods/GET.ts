import { CONTENT_TYPE } from '../../../../application/naming.ts';
import { resolve } from '../resolve.ts';
import { requestedVCardVersion } from '../reports/objectData.ts';
import type { DavRequest } from '../DavRequest.ts';
import type { ParsedPath } from '../paths.ts';
import type { DavMethod } from './DavMethod.ts';

/**
 * RFC 4918 §9.4 GET/HEAD. Objects come as `text/vcard` (3.0 unless `Accept: text/vcard;
 * version=4.0`) or `text/calendar`, with the same strong ETag as `getetag`. Collections answer with
 * a short note for people who open the URL in a browser.
 */
async function get(req: DavRequest, path: ParsedPath, serverRoot: boolean, withBody: boolean): Promise<void> {
  const resource = await resolve(req, path, serverRoot);
  const { ctx } = req;
  if (resource.type !== 'object' || !resource.stored) {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = withBody ? 'BrokerStar DAV: use a CalDAV/CardDAV client (Outlook CalDav Synchronizer, iOS, macOS, DAVx5, Thunderbird).\n' : '';
    return;
  }
  let body = resource.stored.body;
  if (resource.kind === 'contacts') {
    const version = requestedVCardVersion(/version=([\d.]+)/.exec(ctx.get('Accept'))?.[1]);
    body = req.services.contactCodec.convert(body, version);
    ctx.type = `text/vcard; charset=utf-8`;
    ctx.vary('Accept');
  } else {
    ctx.type = CONTENT_TYPE[resource.kind];
  }
  ctx.set('ETag', resource.etag);
  ctx.status = 200;
  ctx.body = withBody ? body : '';
  if (!withBody) ctx.length = Buffer.byteLength(body, 'utf8');
}

export const GET: DavMethod = {
  name: 'GET',
  allowedOn: (path) => path.type !== 'unknown',
  handle: (req, path, serverRoot) => get(req, path, serverRoot, true),
};

export const HEAD: DavMethod = {
  name: 'HEAD',
  allowedOn: (path) => path.type !== 'unknown',
  handle: (req, path, serverRoot) => get(req, path, serverRoot, false),
};
