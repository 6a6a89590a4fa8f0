/**
 * App passwords look like `K7QD-M2XA-9FRT-WB4N-HJ3E-6PZC`: six groups of four characters from an
 * alphabet without look-alikes (easy to type on a phone), 120 random bits. The first two groups are
 * the public lookup part (stored in clear to find the row), the other 80 bits are the secret, stored
 * as a bcrypt hash only: a wrong password costs one bcrypt comparison, however many exist.
 */
export const APP_PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const SHAPE = /^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){5}$/;

/** At most this many per user: each is one row to list on every page view. */
export const MAX_APP_PASSWORDS_PER_USER = 20;
const MAX_LABEL_LENGTH = 60;

/** A device label that cannot be used; the message is for the user (the HTTP and CLI layers show it). */
export class InvalidAppPasswordLabel extends Error {}

/** Formats 24 random alphabet indexes (0–31) as an app password. */
export function formatAppPassword(indexes: readonly number[]): string {
  if (indexes.length !== 24) throw new Error('24 characters expected');
  const chars = indexes.map((i) => APP_PASSWORD_ALPHABET[i & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The lookup part of something that has the shape of an app password (case-insensitive), else `null`. */
export function appPasswordLookup(candidate: string): string | null {
  const upper = candidate.trim().toUpperCase();
  return SHAPE.test(upper) ? upper.slice(0, 9) : null;
}

/** The normalised secret (what the hash covers): upper case, no surrounding spaces. */
export function normaliseAppPassword(candidate: string): string {
  return candidate.trim().toUpperCase();
}

/** A device label as the user typed it: trimmed, 1–60 printable characters. */
export function appPasswordLabel(raw: string): string {
  const label = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (label.length === 0) throw new InvalidAppPasswordLabel('The device name must not be empty.');
  if (label.length > MAX_LABEL_LENGTH) throw new InvalidAppPasswordLabel(`The device name may have at most ${MAX_LABEL_LENGTH} characters.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(label)) throw new InvalidAppPasswordLabel('The device name contains control characters.');
  return label;
}
