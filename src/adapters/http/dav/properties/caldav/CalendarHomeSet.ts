import { decideKindSync } from '../../../../../domain/index.ts';
import { caldav, dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 4791 §6.2.1 `calendar-home-set`: offered while the user may sync the calendar or tasks. */
export const calendarHomeSet: DavProperty = {
  name: caldav('calendar-home-set'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'principal',
  get(_r, req) {
    const any = decideKindSync(req.user, 'calendar').allowed || decideKindSync(req.user, 'tasks').allowed;
    return any ? el(dav('href'), req.paths.calendarHome(req.user.login)) : undefined;
  },
};
