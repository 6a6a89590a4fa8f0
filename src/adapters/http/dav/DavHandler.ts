import type { Context } from 'koa';
import type { Authenticator } from '../../../application/Authenticator.ts';
import { DavRequest, type DavServices, type DavSettings } from './DavRequest.ts';
import { DavPaths, type ParsedPath } from './paths.ts';
import { allowedMethods, davHeader, methodNamed } from './methods/index.ts';
import { authenticate, basicCredentials } from './middleware/authenticate.ts';
import type { EarlySignIn } from '../../../application/EarlySignIn.ts';
import { InvalidLoginName, normalizeLoginName, type SyncKind } from '../../../domain/index.ts';
import type { CollectionState } from '../../../ports/index.ts';
import { RecentlyUsed } from '../../shared/RecentlyUsed.ts';
import { parseSmallBodyEarly, type ParsedBody } from './earlyBody.ts';
import { plainMemberNames } from './reports/multigetHrefs.ts';
import { errorToDavResponse } from './middleware/errorToDavResponse.ts';
import { externalOrigin } from './middleware/proxy.ts';

/** Logins whose last opened collection is kept for {@link DavHandler.readAhead} (per kind). */
const OPENED_KEPT = 10_000;

const openedKey = (login: string, kind: SyncKind) => `${kind}:${login}`;

/** Methods that read a collection: their collection state is read with the login. */
const READS = new Set(['PROPFIND', 'REPORT', 'GET', 'HEAD']);

/**
 * Runs one DAV request: error mapping around everything, authentication, then the method from the
 * registry. `Allow` and `DAV:` come from the registries on every answer.
 */
export class DavHandler {
  readonly paths: DavPaths;
  /** Derived from the registries once; the same on every answer. */
  private readonly davHeader = davHeader();
  /**
   * The collection state each login's last request opened, per kind: only a guess for
   * {@link readAhead} (a cache: another instance without it just reads after the sign-in).
   */
  private readonly openedBefore = new RecentlyUsed<string, CollectionState>(OPENED_KEPT);

  constructor(
    private readonly services: DavServices,
    private readonly authenticator: Authenticator,
    private readonly settings: DavSettings,
  ) {
    this.paths = new DavPaths(settings.basePath);
  }

  /** A request inside the DAV tree, or PROPFIND/OPTIONS/REPORT on the server root (`serverRoot`). */
  async handle(ctx: Context, serverRoot: boolean): Promise<void> {
    await errorToDavResponse(ctx, async () => {
      ctx.set('DAV', this.davHeader);
      const path: ParsedPath = serverRoot ? { type: 'root' } : (this.paths.parse(ctx.path) ?? { type: 'unknown' });
      const early = this.signIn(ctx, path);
      // A report to one's own collection: its body is read early, and what it opens is remembered.
      const ownReport = early && path.type === 'collection' && ctx.method === 'REPORT' ? { early, path } : undefined;
      const earlyBody = ownReport && this.readAhead(ctx, ownReport.path, ownReport.early);
      const user = await authenticate(ctx, this.authenticator, this.settings.realm, early?.credentials);
      if (!user) return;
      this.services.devices.seen(user.id, ctx.get('User-Agent'));
      ctx.set('Allow', allowedMethods(path).join(', '));
      const method = methodNamed(ctx.method);
      if (!method || !method.allowedOn(path)) {
        ctx.status = path.type === 'unknown' ? 404 : 405;
        ctx.body = path.type === 'unknown' ? 'No such resource.\n' : `${ctx.method} is not allowed here.\n`;
        return;
      }
      const request = new DavRequest(ctx, user, this.paths, this.services, this.settings, early, earlyBody);
      ctx.state.dav = request;
      await method.handle(request, path, serverRoot);
      if (ownReport) this.rememberOpened(request, ownReport.path);
    });
  }

  /**
   * A read of the user's own collection (a poll, a multiget, a sync) needs the account and the
   * collection state: both are read at once (`CollectionService.signIn`). Only when the Basic
   * login names the path's owner; whatever it reads is used only for the user authentication returns.
   */
  private signIn(ctx: Context, path: ParsedPath): EarlySignIn | undefined {
    if ((path.type !== 'collection' && path.type !== 'object') || !READS.has(ctx.method)) return undefined;
    const sent = basicCredentials(ctx.get('Authorization'))?.login;
    if (sent === undefined) return undefined;
    let login: string;
    try {
      login = normalizeLoginName(sent);
    } catch (err) {
      if (err instanceof InvalidLoginName) return undefined;
      throw err;
    }
    return login === path.login ? (this.services.collections.signIn(login, path.kind) ?? undefined) : undefined;
  }

  /**
   * A small REPORT body to the user's own collection is read and parsed while the sign-in read is
   * in flight; when it is a multiget of members by their own hrefs, and this login's last request
   * opened that collection, its members are read meanwhile too (`EarlySignIn.readAhead`: used only
   * if the signed-in user's collection proves to be that one, current). On MySQL that saves the
   * multiget's second round trip after the sign-in's.
   */
  private readAhead(ctx: Context, path: Extract<ParsedPath, { type: 'collection' }>, early: EarlySignIn): Promise<ParsedBody> | undefined {
    const body = parseSmallBodyEarly(ctx, this.settings.limits);
    const guess = this.openedBefore.get(openedKey(path.login, path.kind));
    if (!body || !guess) return body;
    return body.then((parsed) => {
      if ('tree' in parsed && parsed.tree) early.readAhead(guess, plainMemberNames(parsed.tree, this.paths.collection(path.login, path.kind)));
      return parsed;
    });
  }

  /**
   * What a report opened of its own collection: the guess for the next multiget's read-ahead. A
   * multiget follows a report (DAVx5's sync-collection, the multiget before it); polls, the most
   * frequent requests, are left out.
   */
  private rememberOpened(request: DavRequest, path: Extract<ParsedPath, { type: 'collection' }>): void {
    request.openedState(path.kind)?.then((state) => this.openedBefore.set(openedKey(path.login, path.kind), state), () => undefined);
  }

  /**
   * RFC 6764 §5 `/.well-known/caldav|carddav`: after authentication, a 301 for every method to the
   * DAV root (Outlook CalDav Synchronizer does not follow 308), keeping the client's scheme and host.
   */
  async wellKnown(ctx: Context): Promise<void> {
    await errorToDavResponse(ctx, async () => {
      ctx.set('DAV', this.davHeader);
      const user = await authenticate(ctx, this.authenticator, this.settings.realm);
      if (!user) return;
      ctx.status = 301;
      ctx.set('Location', `${externalOrigin(ctx, this.settings.trustProxy)}${this.paths.root()}`);
      ctx.body = '';
    });
  }
}
