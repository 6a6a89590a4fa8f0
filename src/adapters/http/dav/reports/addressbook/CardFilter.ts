import { carddav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import { child, childrenNamed, type XmlElement } from '../../xml/parse.ts';
import { DavHttpError } from '../../DavHttpError.ts';
import { parseTextMatch, textMatches, type TextMatch } from '../textMatch.ts';
import { parseContentLine, paramValues, type ContentLine } from '../../../../formats/contentline/ContentLine.ts';
import { unfoldLines } from '../../../../formats/contentline/folding.ts';
import { unescapeText } from '../../../../formats/contentline/escaping.ts';

/** The filter of an addressbook-query (RFC 6352 §10.5). */
export interface CardFilter {
  readonly test: 'anyof' | 'allof';
  readonly props: readonly CardPropFilter[];
}

interface CardPropFilter {
  readonly name: string;
  readonly test: 'anyof' | 'allof';
  readonly isNotDefined: boolean;
  readonly textMatches: readonly TextMatch[];
  readonly params: readonly { name: string; isNotDefined: boolean; textMatch: TextMatch | null }[];
}

const testOf = (e: XmlElement): 'anyof' | 'allof' => (e.attributes.test === 'allof' ? 'allof' : 'anyof');

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

/** Evaluates the filter against a stored vCard (any version: property names are the same). */
export function matchesCardFilter(vcard: string, filter: CardFilter): boolean {
  if (filter.props.length === 0) return true;
  const lines = unfoldLines(vcard).map(parseContentLine).filter((l): l is ContentLine => l !== null);
  const results = filter.props.map((f) => matchProp(lines.filter((l) => l.name === f.name), f));
  return filter.test === 'allof' ? results.every(Boolean) : results.some(Boolean);
}

function matchProp(lines: readonly ContentLine[], f: CardPropFilter): boolean {
  if (f.isNotDefined) return lines.length === 0;
  if (lines.length === 0) return false;
  const tests: ((l: ContentLine) => boolean)[] = [
    ...f.textMatches.map((m) => (l: ContentLine) => textMatches(m, unescapeText(l.value))),
    ...f.params.map((p) => (l: ContentLine) => {
      const values = paramValues(l, p.name);
      if (p.isNotDefined) return values.length === 0;
      if (values.length === 0) return false;
      return p.textMatch ? values.some((v) => textMatches(p.textMatch!, v)) : true;
    }),
  ];
  if (tests.length === 0) return true;
  return lines.some((l) => (f.test === 'allof' ? tests.every((t) => t(l)) : tests.some((t) => t(l))));
}
