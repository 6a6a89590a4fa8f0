import type { TextMatch } from '../domain/index.ts';

/** The filter of an addressbook-query (RFC 6352 §10.5), independent of XML. */
export interface CardFilter {
  readonly test: 'anyof' | 'allof';
  readonly props: readonly CardPropFilter[];
}

export interface CardPropFilter {
  /** vCard property name, upper case. */
  readonly name: string;
  readonly test: 'anyof' | 'allof';
  readonly isNotDefined: boolean;
  readonly textMatches: readonly TextMatch[];
  readonly params: readonly CardParamFilter[];
}

export interface CardParamFilter {
  /** Parameter name, upper case. */
  readonly name: string;
  readonly isNotDefined: boolean;
  readonly textMatch: TextMatch | null;
}

/** Evaluates addressbook-query filters against stored vCard text (any version). */
export interface AddressCardMatcher {
  matches(vcard: string, filter: CardFilter): boolean;
}
