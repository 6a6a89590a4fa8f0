import { ContainerModule } from 'inversify';
import { TOKENS, type RecurrenceEngine } from '../../ports/index.ts';
import { VCardCodec } from './vcard/index.ts';
import { vCardFilterMatcher } from './vcard/cardFilterMatcher.ts';
import { ICalendarCodec, overlapsTimeRange, expandRecurrences, limitRecurrenceSet } from './icalendar/index.ts';

const recurrenceEngine: RecurrenceEngine = { overlapsTimeRange, expandRecurrences, limitRecurrenceSet };

/** vCard and iCalendar: the codecs, the RFC 4791 §9.9 time-range engine and the RFC 6352 §10.5 card filter. */
export function formatsModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.ContactCodec).toConstantValue(new VCardCodec());
    bind(TOKENS.CalendarCodec).toConstantValue(new ICalendarCodec());
    bind(TOKENS.RecurrenceEngine).toConstantValue(recurrenceEngine);
    bind(TOKENS.AddressCardMatcher).toConstantValue(vCardFilterMatcher);
  });
}
