import { dav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 4918 §15.6 `getetag`: the same strong, quoted value as the ETag header of GET and PUT;
 * Outlook CalDav Synchronizer compares them as exact strings.
 */
export const getEtag: DavProperty = {
  name: dav('getetag'),
  inAllprop: true,
  appliesTo: (r) => r.type === 'object',
  get: (r) => (r.type === 'object' ? r.etag : undefined),
};
