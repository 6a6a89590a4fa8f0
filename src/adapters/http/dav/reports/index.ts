import type { ClarkName } from '../xml/names.ts';
import type { DavResource } from '../resources.ts';
import type { DavReport } from './DavReport.ts';
import { calendarMultiget } from './CalendarMultiget.ts';
import { addressbookMultiget } from './AddressbookMultiget.ts';
import { calendarQuery } from './CalendarQuery.ts';
import { addressbookQuery } from './AddressbookQuery.ts';
import { syncCollection } from './SyncCollection.ts';

/** The one registration list of REPORTs. */
export const REPORTS: readonly DavReport[] = [calendarMultiget, calendarQuery, addressbookMultiget, addressbookQuery, syncCollection];

export function reportNamed(name: ClarkName): DavReport | undefined {
  return REPORTS.find((r) => r.name === name);
}

/** Reports offered on a resource (`supported-report-set`). */
export function reportsFor(resource: DavResource): DavReport[] {
  return REPORTS.filter((r) => r.appliesTo(resource));
}

/** `DAV:` header tokens contributed by reports (calendar-access, addressbook). */
export function reportFeatures(): string[] {
  return [...new Set(REPORTS.map((r) => r.feature).filter((f): f is string => !!f))];
}
