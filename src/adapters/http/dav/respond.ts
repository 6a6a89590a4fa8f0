import { Readable } from 'node:stream';
import type { DavRequest } from './DavRequest.ts';
import { observation, type RequestObservation } from '../observability/observation.ts';
import { dav } from './xml/names.ts';
import { rootClose, rootOpen } from './xml/write.ts';

/**
 * Sends a 207 Multi-Status. A small answer (a poll, a discovery step) goes out as one string with a
 * Content-Length; a large one (a listing of 100 000 cards) is streamed as it is produced. The
 * first chunk is produced before the status is committed, so errors found early still map to
 * their own status.
 */
export async function sendMultistatus(req: DavRequest, responses: AsyncIterable<string> | Iterable<string>, trailer?: () => string): Promise<void> {
  const { ctx } = req;
  const chunks = multistatusBody(responses, trailer);
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
  ctx.body = Readable.from(rest(first.value, second.value, chunks, observation(ctx)));
}

/** Longest stretch one answer may keep the event loop before other requests get their turn. */
const SLICE_MS = 10;

/** Characters gathered before a streamed answer goes to the socket: few writes for a 100 000-card listing. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The 207 body piece by piece: responses are gathered into chunks, each encoded once (the byte
 * count and the socket write then need no second pass over the text); the last one is text.
 *
 * Producing responses is CPU work (filters, recurrence, rendering) that awaits nothing while the
 * data is at hand: without a pause a large report keeps every other device waiting. After a
 * response, once a slice has passed, the event loop gets one turn. Done here rather than in a
 * generator of its own: every layer of async iteration costs each of 100 000 responses a few
 * microtasks.
 */
export async function* multistatusBody(responses: AsyncIterable<string> | Iterable<string>, trailer?: () => string): AsyncGenerator<string | Buffer> {
  let buffer = rootOpen(dav('multistatus'));
  let since = performance.now();
  for await (const response of responses) {
    buffer += response;
    if (buffer.length > CHUNK_CHARS) {
      yield Buffer.from(buffer);
      buffer = '';
    }
    if (performance.now() - since >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
  if (trailer) buffer += trailer();
  yield `${buffer}${rootClose(dav('multistatus'))}`;
}

/**
 * The streamed chunks, counting how long the socket made us wait: the stream asks for the next
 * chunk at once while the device keeps up, and only after the device has read what is queued when
 * it does not (a phone on a weak network). That wait is the device's time, not the server's: the
 * request log shows it (`clientWaitMs`) and does not count it as a slow request. (It also holds the
 * turns other requests take meanwhile; their own lines show a busy server.)
 */
async function* rest(first: string | Buffer, second: string | Buffer, more: AsyncGenerator<string | Buffer>, record: RequestObservation): AsyncGenerator<string | Buffer> {
  for await (const chunk of all(first, second, more)) {
    const handedOver = performance.now();
    yield chunk;
    record.clientWaitMs = (record.clientWaitMs ?? 0) + (performance.now() - handedOver);
  }
}

async function* all(first: string | Buffer, second: string | Buffer, more: AsyncGenerator<string | Buffer>): AsyncGenerator<string | Buffer> {
  yield first;
  yield second;
  yield* more;
}
