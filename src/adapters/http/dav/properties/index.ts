import type { ClarkName } from '../xml/names.ts';
import type { DavProperty } from './DavProperty.ts';
import { resourceType } from './webdav/ResourceType.ts';
import { displayName } from './webdav/DisplayName.ts';
import { getEtag } from './webdav/GetEtag.ts';
import { getContentType } from './webdav/GetContentType.ts';
import { currentUserPrincipal } from './webdav/CurrentUserPrincipal.ts';
import { principalUrl } from './webdav/PrincipalUrl.ts';
import { principalCollectionSet } from './webdav/PrincipalCollectionSet.ts';
import { owner } from './webdav/Owner.ts';
import { groupMembership } from './webdav/GroupMembership.ts';
import { syncToken } from './webdav/SyncToken.ts';
import { currentUserPrivilegeSet } from './webdav/CurrentUserPrivilegeSet.ts';
import { supportedReportSet } from './webdav/SupportedReportSet.ts';
import { getCtag } from './apple/GetCtag.ts';
import { emailAddressSet } from './apple/EmailAddressSet.ts';
import { calendarColor } from './apple/CalendarColor.ts';
import { calendarHomeSet } from './caldav/CalendarHomeSet.ts';
import { calendarUserAddressSet } from './caldav/CalendarUserAddressSet.ts';
import { supportedCalendarComponentSet } from './caldav/SupportedCalendarComponentSet.ts';
import { supportedCalendarData } from './caldav/SupportedCalendarData.ts';
import { calendarMaxResourceSize, addressbookMaxResourceSize } from './caldav/MaxResourceSize.ts';
import { maxInstances } from './caldav/MaxInstances.ts';
import { calendarDescription } from './caldav/CalendarDescription.ts';
import { calendarTimezone } from './caldav/CalendarTimezone.ts';
import { addressbookHomeSet } from './carddav/AddressbookHomeSet.ts';
import { supportedAddressData } from './carddav/SupportedAddressData.ts';
import { addressbookDescription } from './carddav/AddressbookDescription.ts';

/** The one registration list of live properties. */
export const PROPERTIES: readonly DavProperty[] = [
  resourceType,
  displayName,
  getEtag,
  getContentType,
  currentUserPrincipal,
  principalUrl,
  principalCollectionSet,
  owner,
  groupMembership,
  syncToken,
  currentUserPrivilegeSet,
  supportedReportSet,
  getCtag,
  emailAddressSet,
  calendarColor,
  calendarHomeSet,
  calendarUserAddressSet,
  supportedCalendarComponentSet,
  supportedCalendarData,
  calendarMaxResourceSize,
  maxInstances,
  addressbookMaxResourceSize,
  calendarDescription,
  calendarTimezone,
  addressbookHomeSet,
  supportedAddressData,
  addressbookDescription,
];

const BY_NAME = new Map<ClarkName, DavProperty>(PROPERTIES.map((p) => [p.name, p]));

export function propertyNamed(name: ClarkName): DavProperty | undefined {
  return BY_NAME.get(name);
}

/**
 * Live properties clients may not set (RFC 4918 §16 `cannot-modify-protected-property`);
 * the rest of the registry (displayname, colours, descriptions) is settable per user.
 */
const SETTABLE = new Set<ClarkName>([
  displayName.name,
  calendarColor.name,
  calendarDescription.name,
  addressbookDescription.name,
]);

export function isProtected(name: ClarkName): boolean {
  return BY_NAME.has(name) && !SETTABLE.has(name);
}

