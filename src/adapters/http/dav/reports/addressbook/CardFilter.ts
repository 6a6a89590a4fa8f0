import { carddav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import { child, childrenNamed, type XmlElement } from '../../xml/parse.ts';
import { DavHttpError } from '../../DavHttpError.ts';
import { parseTextMatch } from '../textMatch.ts';
import type { CardFilter } from '../../../../../ports/index.ts';

const testOf = (e: XmlElement): 'anyof' | 'allof' => (e.attributes.test === 'allof' ? 'allof' : 'anyof');

/** The addressbook-query filter element as a `CardFilter` (RFC 6352 §10.5); evaluated by the `AddressCardMatcher` port. */
export function parseCardFilter(filter: XmlElement | undefined): CardFilter {
  if (!filter) throw new DavHttpError(400, 'addressbook-query needs a filter.', el(carddav('valid-filter')));
  return {
    test: testOf(filter),
    props: childrenNamed(filter, carddav('prop-filter')).map((p) => {
      const name = p.attributes.name?.toUpperCase();
      if (!name) throw new DavHttpError(400, 'prop-filter needs a name.', el(carddav('valid-filter')));
      return {
        name,
        test: testOf(p),
        isNotDefined: child(p, carddav('is-not-defined')) !== undefined,
        textMatches: childrenNamed(p, carddav('text-match')).map((t) => parseTextMatch(t, 'i;unicode-casemap', 'carddav')),
        params: childrenNamed(p, carddav('param-filter')).map((pf) => {
          const t = child(pf, carddav('text-match'));
          return {
            name: (pf.attributes.name ?? '').toUpperCase(),
            isNotDefined: child(pf, carddav('is-not-defined')) !== undefined,
            textMatch: t ? parseTextMatch(t, 'i;unicode-casemap', 'carddav') : null,
          };
        }),
      };
    }),
  };
}
