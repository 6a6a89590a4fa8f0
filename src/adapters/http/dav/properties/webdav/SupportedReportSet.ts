import { dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 3253 §3.1.5 `supported-report-set`, derived from the report registry. Outlook CalDav
 * Synchronizer looks for `calendar-query` and `sync-collection` as elements inside `d:report`.
 */
export const supportedReportSet: DavProperty = {
  name: dav('supported-report-set'),
  inAllprop: false,
  appliesTo: () => true,
  get: (r, req) => req.services.reportsFor(r).map((report) => el(dav('supported-report'), el(dav('report'), el(report.name)))),
};
