import { MAX_KEY_LENGTH } from '../../shared/objectStoreRules.ts';

/**
 * Why a device-chosen object name (the last path segment of a PUT, percent-decoded) cannot be
 * stored, or `null` when it can. `.`/`..` and names holding `/` or `\` would be different paths
 * once written back into an href; control characters cannot be carried by XML 1.0 (RFC 4918 hrefs
 * are XML text); an overlong name would not fit the tables (the object store's key rule, refused here before any work).
 */
export function resourceNameProblem(name: string): string | null {
  if (name === '' || name === '.' || name === '..') return `"${name}" is not a resource name.`;
  if (/[/\\]/.test(name)) return 'A resource name may not contain "/" or "\\".';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/.test(name)) return 'A resource name may not contain control characters.';
  if (name.length > MAX_KEY_LENGTH) return `A resource name may have at most ${MAX_KEY_LENGTH} characters.`;
  return null;
}
