import { cs } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/** CalendarServer `email-address-set` on the principal (iOS asks for it). */
export const emailAddressSet: DavProperty = {
  name: cs('email-address-set'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'principal',
  get: (_r, req) => (req.user.email ? el(cs('email-address'), req.user.email) : undefined),
};
