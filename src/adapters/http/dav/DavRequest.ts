import type { Context } from 'koa';
import { InvalidObjectData, OBJECT_KIND_OF, type SyncKind, type User } from '../../../domain/index.ts';
import type { CollectionService, OpenCollection } from '../../../application/CollectionService.ts';
import type { EarlySignIn } from '../../../application/EarlySignIn.ts';
import type { ObjectWriter } from '../../../application/ObjectWriter.ts';
import { recurrenceAllowance, type AddressCardMatcher, type CalendarQueryMatcher, type ContactCodec, type RecurrenceAllowance, type RecurrenceEngine, type SyncIndex, type CollectionState } from '../../../ports/index.ts';
import type { DavPaths } from './paths.ts';
import { DavHttpError } from './DavHttpError.ts';
import type { DeviceTracker } from './deviceTracker.ts';
import { readRequestBody } from './requestBody.ts';
import type { LeavesOf, XmlElement } from './xml/parse.ts';
import type { DavLimits } from './limits.ts';
import { parseXmlBody, type ParsedBody } from './earlyBody.ts';
import { caldav, carddav, type ClarkName } from './xml/names.ts';
import type { DavResource } from './resources.ts';
import { el } from './xml/write.ts';

export interface DavSettings {
  readonly basePath: string;
  readonly realm: string;
  readonly maxResourceSize: number;
  readonly trustProxy: boolean;
  /** Bounds on the work of one request (limits.ts: request bodies; ports/Limits.ts: recurrence). */
  readonly limits: DavLimits;
}

export interface DavServices {
  readonly collections: CollectionService;
  readonly writer: ObjectWriter;
  readonly syncIndex: SyncIndex;
  readonly contactCodec: ContactCodec;
  readonly recurrence: RecurrenceEngine;
  readonly cardMatcher: AddressCardMatcher;
  readonly calendarQuery: CalendarQueryMatcher;
  /** Which devices a user syncs from (for `diagnose`). */
  readonly devices: DeviceTracker;
  /** The reports a resource supports (handed in so that properties need not import the reports). */
  readonly reportsFor: (resource: DavResource) => readonly { readonly name: ClarkName }[];
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export type Depth = '0' | '1' | 'infinity';

/** Everything a DAV handler needs about the current request, built once per request. */
export class DavRequest {
  private bodyBytes: Promise<Buffer> | undefined;
  private bodyParsed = false;
  private minimal: boolean | undefined;
  /**
   * Whether properties set by clients (PROPPATCH) must be loaded with collections. A poll asking
   * only for getctag/sync-token does not need them, which saves a query on the hottest path.
   */
  wantsClientProperties = true;
  private readonly opened = new Map<SyncKind, Promise<OpenCollection>>();
  private allowance: RecurrenceAllowance | undefined;

  constructor(
    readonly ctx: Context,
    readonly user: User,
    readonly paths: DavPaths,
    readonly services: DavServices,
    readonly settings: DavSettings,
    /** The sign-in read (account and collection state) this request started, if any. */
    private readonly early?: EarlySignIn,
    /** The XML body, when it was read and parsed while the sign-in read was in flight (`earlyBody.ts`). */
    private earlyBody?: Promise<ParsedBody>,
  ) {}

  get method(): string {
    return this.ctx.method;
  }

  /** The recurrence work this request may still do, over every object it evaluates (`recurrenceStepsPerRequest`). */
  get recurrenceAllowance(): RecurrenceAllowance {
    return (this.allowance ??= recurrenceAllowance(this.settings.limits.recurrenceStepsPerRequest));
  }

  /**
   * RFC 8144 `Prefer: return=minimal` and Apple's older `Brief: t`: leave out 404 propstats. Read
   * once: every member of a listing asks.
   */
  get preferMinimal(): boolean {
    if (this.minimal === undefined) {
      const prefer = this.ctx.get('Prefer').toLowerCase();
      this.minimal = /\breturn=minimal\b/.test(prefer) || this.ctx.get('Brief').trim().toLowerCase() === 't';
    }
    return this.minimal;
  }

  /** The Depth header (RFC 4918 §10.2); absent means `fallback`. */
  depth(fallback: Depth): Depth {
    const raw = this.ctx.get('Depth').trim().toLowerCase();
    if (raw === '') return fallback;
    if (raw === '0' || raw === '1' || raw === 'infinity') return raw;
    throw new DavHttpError(400, `Invalid Depth header "${raw}".`);
  }

  /**
   * The request body as bytes (see `readRequestBody`: read from the stream, or recovered from what
   * a host's body parser left), refused with 413 above `limit` (with CalDAV/CardDAV
   * `max-resource-size` for objects, RFC 4791 §5.3.2.1 / RFC 6352 §6.3.2.1).
   */
  private bytes(limit: number, objectKind: SyncKind | null): Promise<Buffer> {
    if (this.bodyParsed || this.earlyBody) throw new Error('The XML request body is read once (DavRequest.xml).');
    const condition = objectKind === null ? undefined : el(objectKind === 'contacts' ? carddav('max-resource-size') : caldav('max-resource-size'));
    this.bodyBytes ??= readRequestBody(this.ctx, limit, condition);
    return this.bodyBytes;
  }

  /**
   * The body of a PUT: a vCard or iCalendar object, at most `maxResourceSize` bytes. Both formats
   * are UTF-8 text (RFC 6350 §3.1, RFC 5545 §3.1.4 as used by CalDAV, RFC 4791 §5.3.2 / RFC 6352
   * §6.3.2 valid-*-data); bytes that are not UTF-8, or a NUL character, which no text property
   * may hold (RFC 5545 §3.1 CONTROL, RFC 6350 §3.3 VALUE-CHAR), are refused rather than repaired:
   * a silently changed object would carry an ETag for data the device never sent.
   */
  async objectText(kind: SyncKind): Promise<string> {
    const bytes = await this.bytes(this.settings.maxResourceSize, kind);
    let text: string;
    try {
      text = STRICT_UTF8.decode(bytes);
    } catch {
      throw new InvalidObjectData(OBJECT_KIND_OF[kind], 'The object is not valid UTF-8.');
    }
    if (text.includes('\u0000')) throw new InvalidObjectData(OBJECT_KIND_OF[kind], 'The object contains a NUL character.');
    return text;
  }

  /**
   * The XML request body, or `null` when there is none (see {@link parseXmlBody}). `leavesOf`
   * collects root children as text instead of elements (see `TextLeaves`). Read once: the bytes
   * are let go, so that a 7 MB multiget body is not held while its answer streams. A body read
   * before authentication (`earlyBody`) is answered from that read, errors included.
   */
  async xml(leavesOf?: LeavesOf): Promise<XmlElement | null> {
    const early = this.earlyBody;
    if (early) {
      this.earlyBody = undefined;
      this.bodyParsed = true;
      const parsed = await early;
      if ('error' in parsed) throw parsed.error;
      return parsed.tree;
    }
    const bytes = this.bytes(this.settings.limits.maxXmlBodyBytes, null);
    this.bodyBytes = undefined;
    this.bodyParsed = true;
    return parseXmlBody(await bytes, this.settings.limits, leavesOf);
  }

  /** The state of the user's collection of this kind, when this request opened it. */
  openedState(kind: SyncKind): Promise<CollectionState> | undefined {
    return this.opened.get(kind)?.then((c) => c.state);
  }

  /** The user's collection of this kind, refreshed once per request. Throws `SyncNotAllowed`. */
  collection(kind: SyncKind): Promise<OpenCollection> {
    let opened = this.opened.get(kind);
    if (!opened) {
      opened = this.services.collections.open(this.user, kind, this.early);
      this.opened.set(kind, opened);
    }
    return opened;
  }
}
