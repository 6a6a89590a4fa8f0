/**
 * Bounds on the work one request may cause (issue 9). Every limit is a setting with a default that
 * no real client reaches; the host passes overrides through the plugin options (`limits`).
 */

import { DEFAULT_LIMITS, type Limits } from '../../../ports/index.ts';

/** Request-body limits: XML parsing, multiget size, client (dead) properties. */
export interface RequestBodyLimits {
  /**
   * Largest XML request body (PROPFIND, PROPPATCH, REPORT), in bytes; vCard/iCalendar bodies have
   * their own `maxResourceSize`. A multiget of 100 000 hrefs is about 7.5 MB.
   */
  readonly maxXmlBodyBytes: number;
  /**
   * Deepest element nesting accepted in an XML request body. Real bodies nest ≤ 8 levels
   * (calendar-query filters); dead property values a few more.
   */
  readonly maxXmlDepth: number;
  /**
   * Most elements in one XML request body. Thunderbird sends one multiget with every href of an
   * address book (100 000 cards ≈ 100 010 elements).
   */
  readonly maxXmlElements: number;
  /** Most distinct hrefs in one calendar-/addressbook-multiget (duplicates are answered once). */
  readonly maxMultigetHrefs: number;
  /** Most client properties (PROPPATCH) kept per collection or home. */
  readonly maxDeadProperties: number;
  /** Largest value of one client property, in UTF-8 bytes of its XML. */
  readonly maxDeadPropertyBytes: number;
  /** Largest sum of all client property values of one collection or home (they are in every allprop). */
  readonly maxDeadPropertiesTotalBytes: number;
}

/** Every limit: the request-body ones here, the recurrence ones of the ports (`Limits`). */
export type DavLimits = RequestBodyLimits & Limits;

export const DEFAULT_REQUEST_BODY_LIMITS: RequestBodyLimits = {
  maxXmlBodyBytes: 32 * 1024 * 1024,
  maxXmlDepth: 64,
  maxXmlElements: 500_000,
  maxMultigetHrefs: 250_000,
  maxDeadProperties: 64,
  maxDeadPropertyBytes: 16 * 1024,
  maxDeadPropertiesTotalBytes: 64 * 1024,
};

export const DEFAULT_DAV_LIMITS: DavLimits = { ...DEFAULT_REQUEST_BODY_LIMITS, ...DEFAULT_LIMITS };

/**
 * The defaults with the host's overrides. An unknown name (a misspelled one would otherwise be
 * ignored without a word, and a JavaScript host has no type check) or a non-positive or
 * non-integer value is a configuration error.
 */
export function davLimits(overrides: Partial<DavLimits> = {}): DavLimits {
  for (const name of Object.keys(overrides)) {
    if (!(name in DEFAULT_DAV_LIMITS)) throw new Error(`Unknown DAV limit ${name}; the limits are ${Object.keys(DEFAULT_DAV_LIMITS).join(', ')}.`);
  }
  const limits = { ...DEFAULT_DAV_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`DAV limit ${name} must be a positive integer, got ${String(value)}.`);
  }
  return limits;
}
