import type { ContactExtras } from '../../../ports/Codecs.ts';
import { buildLine, type ContentLine } from '../contentline/ContentLine.ts';
import { escapeText } from '../contentline/escaping.ts';

/**
 * What a contact carries of BrokerStar beyond its fields (issue 13): the link to its record and its
 * customer categories, as properties of the vCard group `brokerstar` (RFC 6350 §3.3), which Apple
 * labels with `X-ABLabel`. The first URL stays the contact's website; CATEGORIES of other groups
 * (DAVx5 keeps contact groups there) stay the device's.
 */
export const RECORD_GROUP = 'brokerstar';

/** Whether a line is one of ours: in our group, or the record link a client moved to another group. */
export function isBrokerStarLine(line: ContentLine, recordUrl: string | undefined): boolean {
  if (line.group?.toLowerCase() === RECORD_GROUP) return true;
  return recordUrl !== undefined && line.name === 'URL' && line.value.trim() === recordUrl;
}

/** The card's lines with ours replaced by the current ones (appended at the end). */
export function withRecordLines(lines: readonly ContentLine[], extras: ContactExtras | undefined): ContentLine[] {
  if (!extras) return [...lines];
  const kept = lines.filter((l) => !isBrokerStarLine(l, extras.recordUrl));
  const ours = [
    buildLine({ group: RECORD_GROUP, name: 'URL', value: extras.recordUrl }),
    buildLine({ group: RECORD_GROUP, name: 'X-ABLabel', value: 'BrokerStar' }),
    ...(extras.categories.length > 0 ? [buildLine({ group: RECORD_GROUP, name: 'CATEGORIES', value: extras.categories.map(escapeText).join(',') })] : []),
  ];
  return [...kept, ...ours];
}
