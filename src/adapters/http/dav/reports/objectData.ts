import { TooManyInstances } from '../../../../domain/index.ts';
import type { VCardVersion } from '../../../../ports/index.ts';
import { caldav, carddav } from '../xml/names.ts';
import { child, type XmlElement } from '../xml/parse.ts';
import { PropertyFailure, type DataPropertyProvider } from '../propfind/evaluate.ts';
import type { DavRequest } from '../DavRequest.ts';
import { parseTimeRange } from './timeRange.ts';

const CALENDAR_DATA = caldav('calendar-data');
const ADDRESS_DATA = carddav('address-data');

/**
 * `calendar-data` (RFC 4791 §9.6) and `address-data` (RFC 6352 §10.4) of an object whose body was
 * loaded. vCards are served as 3.0 unless 4.0 is asked for: macOS Contacts rejects 4.0 and Outlook
 * CalDav Synchronizer's `address-data` carries no version.
 */
export function dataProvider(req: DavRequest): DataPropertyProvider {
  return (resource, name, element) => {
    if (name !== CALENDAR_DATA && name !== ADDRESS_DATA) return null;
    if (resource.type !== 'object' || !resource.stored) return undefined;
    const body = resource.stored.body;
    if (name === ADDRESS_DATA) {
      if (resource.kind !== 'contacts') return undefined;
      return req.services.contactCodec.convert(body, requestedVCardVersion(element?.attributes.version));
    }
    if (resource.kind === 'contacts') return undefined;
    return calendarData(req, body, element);
  };
}

export function requestedVCardVersion(version: string | undefined): VCardVersion {
  return version?.trim() === '4.0' ? '4.0' : '3.0';
}

function calendarData(req: DavRequest, body: string, element: XmlElement | undefined): string {
  if (!element) return body;
  const expand = child(element, caldav('expand'));
  if (expand) {
    const range = parseTimeRange(expand, true);
    try {
      return req.services.recurrence.expandRecurrences(body, range, req.recurrenceAllowance);
    } catch (err) {
      // CALDAV:max-instances (RFC 4791 §5.2.8) for this object only; the client can ask for a shorter range.
      if (err instanceof TooManyInstances) throw new PropertyFailure(507, err.message);
      throw err;
    }
  }
  const limit = child(element, caldav('limit-recurrence-set'));
  if (limit) return req.services.recurrence.limitRecurrenceSet(body, parseTimeRange(limit, true), req.recurrenceAllowance);
  return body;
}
