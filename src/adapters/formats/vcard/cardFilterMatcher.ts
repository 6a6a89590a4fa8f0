import type { AddressCardMatcher, CardFilter, CardPropFilter } from '../../../ports/index.ts';
import { textMatches } from '../../../domain/index.ts';
import { parseContentLine, paramValues, type ContentLine } from '../contentline/ContentLine.ts';
import { unfoldLines } from '../contentline/folding.ts';
import { unescapeText } from '../contentline/escaping.ts';

/**
 * RFC 6352 §10.5 filter evaluation on stored vCard text: prop-filter (anyof/allof, is-not-defined),
 * text-match on the unescaped value, param-filter. Property names are the same in 3.0 and 4.0.
 */
export const vCardFilterMatcher: AddressCardMatcher = {
  matches(vcard: string, filter: CardFilter): boolean {
    if (filter.props.length === 0) return true;
    const lines = unfoldLines(vcard).map(parseContentLine).filter((l): l is ContentLine => l !== null);
    const results = filter.props.map((f) => matchProp(lines.filter((l) => l.name === f.name), f));
    return filter.test === 'allof' ? results.every(Boolean) : results.some(Boolean);
  },
};

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
