import { Readable } from 'node:stream';
import type { DavRequest } from './DavRequest.ts';
import { multistatus } from './multistatus.ts';

/**
 * Sends a 207 Multi-Status. A small answer (a poll, a discovery step) goes out as one string with a
 * Content-Length; a large one (a listing of 100 000 cards) is streamed as it is produced. The
 * first chunk is produced before the status is committed, so errors found early still map to
 * their own status.
 */
export async function sendMultistatus(req: DavRequest, responses: AsyncIterable<string> | Iterable<string>, trailer?: () => string): Promise<void> {
  const { ctx } = req;
  const chunks = multistatus(responses, trailer);
  const first = await chunks.next();
  const second = first.done ? first : await chunks.next();
  ctx.status = 207;
  ctx.type = 'application/xml; charset=utf-8';
  if (req.preferMinimal) ctx.set('Preference-Applied', 'return=minimal');
  ctx.vary('Brief');
  ctx.vary('Prefer');
  if (second.done) {
    ctx.body = first.done ? '' : first.value;
    return;
  }
  ctx.body = Readable.from(rest(first.value, second.value, chunks));
}

async function* rest(first: string, second: string, more: AsyncGenerator<string>): AsyncGenerator<string> {
  yield first;
  yield second;
  yield* more;
}
