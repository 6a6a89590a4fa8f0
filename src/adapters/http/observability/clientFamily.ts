/** The device families BrokerStar supports, as far as the User-Agent tells them apart. */
export type ClientFamily = 'outlook-caldav-synchronizer' | 'apple' | 'davx5' | 'thunderbird' | 'other';

/**
 * The client family from a User-Agent header (docs/clients.md): `CalDavSynchronizer/4.6`;
 * `iOS/18.1.1 (22B91) dataaccessd/1.0`, `Mac OS X/14.5 (23F79) AddressBookCore/…`, `CalendarAgent/…`;
 * `DAVx5/4.4.3-ose (at.bitfire.davdroid)`; `Mozilla/5.0 (…) Gecko/20100101 Thunderbird/128.5.0`.
 */
export function clientFamily(userAgent: string | undefined): ClientFamily {
  const ua = userAgent ?? '';
  if (/\bCalDavSynchronizer\//i.test(ua)) return 'outlook-caldav-synchronizer';
  if (/\bDAVx5\//i.test(ua) || /\bat\.bitfire\.davdroid\b/.test(ua)) return 'davx5';
  if (/\bThunderbird\//i.test(ua)) return 'thunderbird';
  if (/^(iOS|iPadOS|Mac OS X|macOS)\//i.test(ua) || /\b(dataaccessd|accountsd|CalendarAgent|AddressBookCore)\//.test(ua)) return 'apple';
  return 'other';
}
