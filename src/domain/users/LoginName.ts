import { InvalidLoginName } from '../errors/index.ts';

/**
 * BrokerStar login names are lowercase ASCII: letters, digits and `. _ - @`, starting with a
 * letter or digit, at most 100 characters. Clients often capitalise what the user typed
 * (iOS auto-capitalises the first letter), so whatever arrives is trimmed and lowercased first.
 */
const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,99}$/;

export function normalizeLoginName(raw: string): string {
  const login = raw.trim().toLowerCase();
  if (login === '') throw new InvalidLoginName('The login name is empty.');
  if (!LOGIN_PATTERN.test(login)) {
    throw new InvalidLoginName(
      `"${raw}" is not a BrokerStar login name (letters, digits and . _ - @ only, at most 100 characters).`,
    );
  }
  return login;
}

export function isValidLoginName(raw: string): boolean {
  try {
    normalizeLoginName(raw);
    return true;
  } catch {
    return false;
  }
}
