import type { Context } from 'koa';
import coBody from 'co-body';
import type { SyncKind, User } from '../../../domain/index.ts';
import type { CollectionService, OpenCollection } from '../../../application/CollectionService.ts';
import type { ObjectWriter } from '../../../application/ObjectWriter.ts';
import type { CalendarQueryMatcher, ContactCodec, Limits, RecurrenceEngine, SyncIndex } from '../../../ports/index.ts';
import type { DavPaths } from './paths.ts';
import { DavHttpError } from './DavHttpError.ts';
import { parseXml, XmlSyntaxError, type XmlElement } from './xml/parse.ts';
import { dav, type ClarkName } from './xml/names.ts';
import type { DavResource } from './resources.ts';
import { el } from './xml/write.ts';

export interface DavSettings {
  readonly basePath: string;
  readonly realm: string;
  readonly maxResourceSize: number;
  readonly trustProxy: boolean;
  /** Bounds on the work of one request (ports/Limits.ts). */
  readonly limits: Limits;
}

export interface DavServices {
  readonly collections: CollectionService;
  readonly writer: ObjectWriter;
  readonly syncIndex: SyncIndex;
  readonly contactCodec: ContactCodec;
  readonly recurrence: RecurrenceEngine;
  readonly calendarQuery: CalendarQueryMatcher;
  /** The reports a resource supports (handed in so that properties need not import the reports). */
  readonly reportsFor: (resource: DavResource) => readonly { readonly name: ClarkName }[];
}

export type Depth = '0' | '1' | 'infinity';

/** Everything a DAV handler needs about the current request, built once per request. */
export class DavRequest {
  private bodyText: Promise<string> | undefined;
  /**
   * Whether properties set by clients (PROPPATCH) must be loaded with collections. A poll asking
   * only for getctag/sync-token does not need them, which saves a query on the hottest path.
   */
  wantsClientProperties = true;
  private readonly opened = new Map<SyncKind, Promise<OpenCollection>>();

  constructor(
    readonly ctx: Context,
    readonly user: User,
    readonly paths: DavPaths,
    readonly services: DavServices,
    readonly settings: DavSettings,
  ) {}

  get method(): string {
    return this.ctx.method;
  }

  /** RFC 8144 `Prefer: return=minimal` and Apple's older `Brief: t`: leave out 404 propstats. */
  get preferMinimal(): boolean {
    const prefer = this.ctx.get('Prefer').toLowerCase();
    return /\breturn=minimal\b/.test(prefer) || this.ctx.get('Brief').trim().toLowerCase() === 't';
  }

  /** The Depth header (RFC 4918 §10.2); absent means `fallback`. */
  depth(fallback: Depth): Depth {
    const raw = this.ctx.get('Depth').trim().toLowerCase();
    if (raw === '') return fallback;
    if (raw === '0' || raw === '1' || raw === 'infinity') return raw;
    throw new DavHttpError(400, `Invalid Depth header "${raw}".`);
  }

  /** The request body as text, refused with 413 above the configured size. */
  body(): Promise<string> {
    this.bodyText ??= coBody.text(this.ctx, { limit: this.settings.maxResourceSize, encoding: 'utf8' }).catch((err: { status?: number; message?: string }) => {
      if (err.status === 413) {
        throw new DavHttpError(413, `The request body is larger than ${this.settings.maxResourceSize} bytes.`, el(dav('max-resource-size')));
      }
      throw new DavHttpError(err.status && err.status < 500 ? err.status : 400, `Could not read the request body: ${err.message ?? ''}`);
    }) as Promise<string>;
    return this.bodyText;
  }

  /** The XML request body, or `null` when there is none; malformed XML is a 400. */
  async xml(): Promise<XmlElement | null> {
    const text = await this.body();
    if (text.trim() === '') return null;
    try {
      return parseXml(text);
    } catch (err) {
      if (err instanceof XmlSyntaxError) throw new DavHttpError(400, err.message);
      throw err;
    }
  }

  /** The user's collection of this kind, refreshed once per request. Throws `SyncNotAllowed`. */
  collection(kind: SyncKind): Promise<OpenCollection> {
    let opened = this.opened.get(kind);
    if (!opened) {
      opened = this.services.collections.open(this.user, kind);
      this.opened.set(kind, opened);
    }
    return opened;
  }
}
