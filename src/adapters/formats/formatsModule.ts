import { ContainerModule } from 'inversify';
import { DEFAULT_LIMITS, TOKENS, type Limits, type RecurrenceEngine } from '../../ports/index.ts';
import { VCardCodec } from './vcard/index.ts';
import { vCardFilterMatcher } from './vcard/cardFilterMatcher.ts';
import { ICalendarCodec, ICalendarQueryMatcher, overlapsTimeRange, expandRecurrences, limitRecurrenceSet } from './icalendar/index.ts';

/** vCard and iCalendar: the codecs, the RFC 4791 §9.9 time-range engine, the §9.7 calendar filter and the RFC 6352 §10.5 card filter, bounded by `limits`. */
export function formatsModule(limits: Limits = DEFAULT_LIMITS): ContainerModule {
  const recurrenceEngine: RecurrenceEngine = {
    overlapsTimeRange: (ics, component, range, allowance) => overlapsTimeRange(ics, component, range, { ...limits, allowance }),
    expandRecurrences: (ics, range, allowance) => expandRecurrences(ics, range, { ...limits, allowance }),
    limitRecurrenceSet: (ics, range, allowance) => limitRecurrenceSet(ics, range, { ...limits, allowance }),
  };
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.ContactCodec).toConstantValue(new VCardCodec());
    bind(TOKENS.CalendarCodec).toConstantValue(new ICalendarCodec(undefined, limits));
    bind(TOKENS.RecurrenceEngine).toConstantValue(recurrenceEngine);
    bind(TOKENS.AddressCardMatcher).toConstantValue(vCardFilterMatcher);
    bind(TOKENS.CalendarQueryMatcher).toConstantValue(new ICalendarQueryMatcher(limits));
  });
}
