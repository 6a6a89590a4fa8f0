import { caldav, dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 6638 §2.4.1 `calendar-user-address-set`: the user's `mailto:` first (Outlook CalDav
 * Synchronizer takes the first mailto: as the profile's e-mail; DAVx5 names the account after it).
 */
export const calendarUserAddressSet: DavProperty = {
  name: caldav('calendar-user-address-set'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'principal',
  get(_r, req) {
    const hrefs = [el(dav('href'), req.paths.principal(req.user.login))];
    if (req.user.email) hrefs.unshift(el(dav('href'), `mailto:${req.user.email}`));
    return hrefs;
  },
};
