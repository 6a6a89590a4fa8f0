import { Readable } from 'node:stream';
import type { DavRequest } from './DavRequest.ts';
import { multistatus } from './multistatus.ts';

/** Sends a streamed 207 Multi-Status. */
export function sendMultistatus(req: DavRequest, responses: AsyncIterable<string> | Iterable<string>, trailer?: () => string): void {
  const { ctx } = req;
  ctx.status = 207;
  ctx.type = 'application/xml; charset=utf-8';
  if (req.preferMinimal) ctx.set('Preference-Applied', 'return=minimal');
  ctx.vary('Brief');
  ctx.vary('Prefer');
  ctx.body = Readable.from(multistatus(responses, trailer));
}
