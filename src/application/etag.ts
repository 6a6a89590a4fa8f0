import { createHash } from 'node:crypto';

/** Strong ETag of a stored representation: changes exactly when its bytes change (RFC 7232 §2.3). */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('base64url').slice(0, 27)}"`;
}
