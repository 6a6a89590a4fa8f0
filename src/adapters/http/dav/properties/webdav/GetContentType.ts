import { CONTENT_TYPE } from '../../../../../application/naming.ts';
import { dav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 4918 §15.5 `getcontenttype`. Outlook CalDav Synchronizer drops address book members whose
 * type is exactly `text/x-vlist`, so cards must say `text/vcard`.
 */
export const getContentType: DavProperty = {
  name: dav('getcontenttype'),
  inAllprop: true,
  appliesTo: (r) => r.type === 'object',
  get: (r) => (r.type === 'object' ? CONTENT_TYPE[r.kind] : undefined),
};
