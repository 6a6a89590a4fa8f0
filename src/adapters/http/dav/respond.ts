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
  const chunks = multistatus(fairly(responses), trailer);
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

/** Longest stretch one answer may keep the event loop before other requests get their turn. */
const SLICE_MS = 10;

/**
 * Producing responses is CPU work (filters, recurrence, rendering) that awaits nothing while the
 * data is at hand: without a pause a large report keeps every other device waiting. After each
 * response, once a slice has passed, the generator gives the event loop one turn.
 */
async function* fairly(responses: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let since = performance.now();
  for await (const response of responses) {
    yield response;
    if (performance.now() - since >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
}

async function* rest(first: string, second: string, more: AsyncGenerator<string>): AsyncGenerator<string> {
  yield first;
  yield second;
  yield* more;
}
