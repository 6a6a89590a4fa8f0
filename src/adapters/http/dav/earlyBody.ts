import type { Context } from 'koa';
import { DavHttpError } from './DavHttpError.ts';
import type { DavLimits } from './limits.ts';
import { readRequestBody } from './requestBody.ts';
import { parseXmlYielding, XmlLimitExceeded, XmlSyntaxError, type LeavesOf, type XmlElement } from './xml/parse.ts';
import { parseRepeated, REPEATED_BODY_CHARS } from './xml/repeatedBodies.ts';

const LENIENT_UTF8 = new TextDecoder('utf-8');

/** A request body parsed ahead of its use, or what stopped it: kept to be thrown where the body is used. */
export type ParsedBody = { readonly tree: XmlElement | null } | { readonly error: unknown };

/**
 * An XML request body as a tree, or `null` when there is none. Malformed XML and a body nested
 * deeper than the limit are a 400, one with more elements than the limit a 413; the parser never
 * recurses. Bytes that are not UTF-8 become U+FFFD (they can only be in names or text we compare).
 */
export async function parseXmlBody(bytes: Buffer, limits: DavLimits, leavesOf?: LeavesOf): Promise<XmlElement | null> {
  const text = LENIENT_UTF8.decode(bytes);
  if (text.trim() === '') return null;
  try {
    return await parseRepeated(text, { maxDepth: limits.maxXmlDepth, maxElements: limits.maxXmlElements }, parseXmlYielding, leavesOf);
  } catch (err) {
    if (err instanceof XmlLimitExceeded && err.limit === 'elements') throw new DavHttpError(413, err.message);
    if (err instanceof XmlSyntaxError) throw new DavHttpError(400, err.message);
    throw err;
  }
}

/**
 * Reads and parses a small XML body (a declared length within what is parsed as a whole tree
 * anyway) while the request's sign-in read is in flight, so that its hrefs are known before the
 * account is: a multiget's members can then be read at the same time (`EarlySignIn.readAhead`).
 * Never rejects: a failure is kept and thrown where the body is used, after authentication, so a
 * device without valid credentials still gets its 401 first. `undefined` for any other body.
 */
export function parseSmallBodyEarly(ctx: Context, limits: DavLimits): Promise<ParsedBody> | undefined {
  const declared = Number(ctx.get('Content-Length') || Number.NaN);
  if (!(declared > 0 && declared <= REPEATED_BODY_CHARS && declared <= limits.maxXmlBodyBytes)) return undefined;
  return readRequestBody(ctx, limits.maxXmlBodyBytes)
    .then((bytes) => parseXmlBody(bytes, limits))
    .then((tree) => ({ tree }), (error: unknown) => ({ error }));
}
