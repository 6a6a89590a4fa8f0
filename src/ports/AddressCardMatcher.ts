/** `text-match` of CalDAV (RFC 4791 §9.7.5) and CardDAV (RFC 6352 §10.5.4), parsed from the request. */
export interface TextMatch {
  readonly text: string;
  readonly collation: 'i;ascii-casemap' | 'i;unicode-casemap' | 'i;octet';
  readonly matchType: 'equals' | 'contains' | 'starts-with' | 'ends-with';
  readonly negate: boolean;
}

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
