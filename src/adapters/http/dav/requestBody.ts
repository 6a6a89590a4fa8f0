import type { Context } from 'koa';
import coBody from 'co-body';
import { DavHttpError } from './DavHttpError.ts';
import type { XmlNode } from './xml/write.ts';

/** What a host's body parser may have left on the request (koa-body, @koa/bodyparser). */
interface ParsedRequest {
  readonly rawBody?: unknown;
  readonly body?: unknown;
}
/** koa-body's `includeUnparsed: true` keeps the raw text under this symbol. */
const UNPARSED = Symbol.for('unparsedBody');

function tooLarge(limit: number, condition: XmlNode | undefined): DavHttpError {
  return new DavHttpError(413, `The request body is larger than ${limit} bytes.`, condition);
}

/**
 * The raw text a body parser mounted before the plugin left behind: `@koa/bodyparser` keeps
 * `ctx.request.rawBody`, koa-body leaves text bodies (text/vcard, text/calendar) as a string and, with
 * `includeUnparsed`, the raw text of parsed ones. `undefined` when nothing usable is left.
 */
export function textLeftByBodyParser(request: ParsedRequest): string | undefined {
  if (typeof request.rawBody === 'string') return request.rawBody;
  if (typeof request.body === 'string') return request.body;
  const unparsed = request.body !== null && typeof request.body === 'object' ? (request.body as Record<symbol, unknown>)[UNPARSED] : undefined;
  return typeof unparsed === 'string' ? unparsed : undefined;
}

/**
 * The request body as bytes, at most `limit` (413 beyond, with `condition` as the DAV error). Read
 * from the stream when nobody has read it; otherwise recovered from what the host's body parser
 * left, and refused clearly when the parser turned it into something else (e.g. JSON or form
 * fields) and kept no raw text.
 */
export async function readRequestBody(ctx: Context, limit: number, condition?: XmlNode): Promise<Buffer> {
  const req = ctx.req;
  if (!req.readableDidRead && !req.readableEnded) {
    try {
      // encoding null: the bytes as sent, so that callers can refuse what is not UTF-8.
      return (await coBody.text(ctx, { limit, encoding: null as unknown as string })) as unknown as Buffer;
    } catch (err) {
      const { status, message } = err as { status?: number; message?: string };
      if (status === 413) throw tooLarge(limit, condition);
      throw new DavHttpError(status && status < 500 ? status : 400, `Could not read the request body: ${message ?? ''}`);
    }
  }
  const text = textLeftByBodyParser(ctx.request as ParsedRequest);
  if (text === undefined) {
    throw new DavHttpError(415, `The request body (${ctx.get('Content-Type') || 'no Content-Type'}) was consumed by a body parser ` +
      'of the host application before the DAV plugin, which needs it as text.\n');
  }
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > limit) throw tooLarge(limit, condition);
  return bytes;
}
