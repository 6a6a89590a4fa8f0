import { createHash } from 'node:crypto';
import type { PrivateParts } from '../ports/index.ts';

/** Strong ETag of a stored representation: changes exactly when its bytes change (RFC 7232 §2.3). */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('base64url').slice(0, 27)}"`;
}

/**
 * The ETag one user sees of a shared object: the object's own without private parts; with them, a
 * hash over the shared ETag and what is served on top of it — the device's own bytes while the
 * shared object is the one they were split from, else the private parts merged into it.
 */
export function personalEtag(sharedEtag: string, p: PrivateParts | null | undefined): string {
  if (!p) return sharedEtag;
  return p.basisEtag === sharedEtag ? etagOf(`${sharedEtag}\nas sent\n${p.original}`) : etagOf(`${sharedEtag}\nmerged\n${p.parts}`);
}
