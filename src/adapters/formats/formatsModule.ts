import { ContainerModule } from 'inversify';
import { TOKENS, type RecurrenceEngine } from '../../ports/index.ts';
import { VCardCodec } from './vcard/index.ts';
import { ICalendarCodec, overlapsTimeRange, expandRecurrences, limitRecurrenceSet } from './icalendar/index.ts';

const recurrenceEngine: RecurrenceEngine = { overlapsTimeRange, expandRecurrences, limitRecurrenceSet };

/** vCard and iCalendar: the codecs and the RFC 4791 §9.9 time-range engine. */
export function formatsModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.ContactCodec).toConstantValue(new VCardCodec());
    bind(TOKENS.CalendarCodec).toConstantValue(new ICalendarCodec());
    bind(TOKENS.RecurrenceEngine).toConstantValue(recurrenceEngine);
  });
}
