import type { WritePreconditions } from '../../../../application/ObjectWriter.ts';
import type { DavRequest } from '../DavRequest.ts';

/**
 * If-Match / If-None-Match (RFC 7232 §3.1, §3.2). Weak validators never match (strong comparison).
 * Outlook CalDav Synchronizer strips quotes for mail.ru only; unquoted values are quoted here so
 * such a client still matches.
 */
function parseList(header: string): readonly string[] | '*' | null {
  const value = header.trim();
  if (value === '') return null;
  if (value === '*') return '*';
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '' && !v.startsWith('W/'))
    .map((v) => (v.startsWith('"') ? v : `"${v}"`));
}

export function preconditionsOf(req: DavRequest): WritePreconditions {
  return { ifMatch: parseList(req.ctx.get('If-Match')), ifNoneMatch: parseList(req.ctx.get('If-None-Match')) };
}
