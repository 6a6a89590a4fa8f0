import type { ParsedPath } from '../paths.ts';
import { reportFeatures } from '../reports/index.ts';
import type { DavMethod } from './DavMethod.ts';
import { OPTIONS } from './OPTIONS.ts';
import { PROPFIND } from './PROPFIND.ts';
import { PROPPATCH } from './PROPPATCH.ts';
import { REPORT } from './REPORT.ts';
import { GET, HEAD } from './GET.ts';
import { PUT } from './PUT.ts';
import { DELETE } from './DELETE.ts';
import { MKCALENDAR, MKCOL } from './collectionCreation.ts';

/** The one registration list of HTTP methods; the router and `Allow` derive from it. */
export const METHODS: readonly DavMethod[] = [OPTIONS, PROPFIND, PROPPATCH, REPORT, GET, HEAD, PUT, DELETE, MKCOL, MKCALENDAR];

export function methodNamed(name: string): DavMethod | undefined {
  return METHODS.find((m) => m.name === name);
}

export function allowedMethods(path: ParsedPath): string[] {
  return METHODS.filter((m) => m.allowedOn(path)).map((m) => m.name);
}

/**
 * `DAV:` header: class 1 and 3 (RFC 4918 §18), `access-control` for current-user-privilege-set
 * (RFC 3744), plus what the reports contribute (calendar-access, addressbook). Apple's Calendar
 * also reads it from PROPFIND answers, so every DAV response carries it.
 */
export function davHeader(): string {
  return ['1', '3', 'access-control', ...reportFeatures()].join(', ');
}
