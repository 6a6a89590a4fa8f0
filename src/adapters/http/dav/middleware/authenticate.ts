import type { Context } from 'koa';
import type { Language, User } from '../../../../domain/index.ts';
import type { UserCredentials } from '../../../../ports/index.ts';
import type { AuthOutcome, Authenticator } from '../../../../application/Authenticator.ts';
import { observation, type RequestObservation } from '../../observability/observation.ts';
import { clientFamily } from '../../observability/clientFamily.ts';
import { requestLanguage, sendUserMessage } from '../../userMessageBody.ts';

/** Login and password of an HTTP Basic `Authorization` header, or `null` when it is not one. */
export function basicCredentials(header: string): { readonly login: string; readonly password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  // Outlook CalDav Synchronizer encodes user:password as UTF-8 (umlauts in passwords).
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : null;
}

/**
 * HTTP Basic (RFC 7617) with the BrokerStar login. Every method, OPTIONS and the well-known URLs
 * included, needs credentials: iOS first asks without them and expects a 401 challenge. A correct
 * password without the mailing module gets 403 with the reason, not 401, so the client does not
 * keep asking for another password. `account`: the account as the request read it already for this
 * login (see `CollectionService.signIn`).
 */
export async function authenticate(ctx: Context, authenticator: Authenticator, realm: string, account?: Promise<UserCredentials | null>): Promise<User | null> {
  const header = ctx.get('Authorization');
  const record = observation(ctx);
  // Clients ask without credentials first (iOS): counted, but that is not an attack.
  record.authFailure = header ? 'malformed' : 'no-credentials';
  const credentials = basicCredentials(header);
  if (credentials) {
    // ctx.ip: the forwarded client address when the app trusts its proxy (TRUST_PROXY), else the peer's.
    const outcome = await authenticator.authenticate(credentials.login, credentials.password, ctx.ip, { clientFamily: clientFamily(ctx.get('User-Agent')), ...(account ? { credentials: account } : {}) });
    noteLogin(record, credentials.login, outcome);
    if (outcome.kind === 'authenticated') return outcome.user;
    if (outcome.kind === 'throttled') {
      refuseThrottled(ctx, outcome.retryAfterMs, requestLanguage(ctx));
      return null;
    }
    if (outcome.kind === 'not-entitled') {
      record.refusal = { reason: outcome.reason, message: outcome.explanation };
      ctx.status = 403;
      sendUserMessage(ctx, outcome.message);
      return null;
    }
  }
  // Only refusals are worded: a signed-in request never reads Accept-Language here (nor varies by it).
  askForCredentials(ctx, realm, requestLanguage(ctx));
  return null;
}

/**
 * What the request's log line says of a Basic login: the login as sent (cut short, never the
 * password), then the user it signed in, or why it was refused. `authFailure` must already say
 * whether credentials came at all.
 */
export function noteLogin(record: RequestObservation, login: string, outcome: AuthOutcome): void {
  record.user = login.slice(0, 100);
  if (outcome.kind === 'authenticated' || outcome.kind === 'not-entitled') {
    delete record.authFailure;
    record.user = outcome.user.login;
  } else if (outcome.kind === 'rejected') {
    record.authFailure = outcome.reason;
    if (outcome.delayedMs !== undefined) record.loginDelayMs = outcome.delayedMs;
  } else {
    record.authFailure = 'throttled';
    record.throttled = outcome.reason;
  }
}

/** 429 with Retry-After: too many failed logins from this address or for this login. */
export function refuseThrottled(ctx: Context, retryAfterMs: number, language: Language): void {
  ctx.status = 429;
  ctx.set('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  sendUserMessage(ctx, { key: 'too-many-attempts' }, language);
}

/** 401 with the Basic challenge (RFC 7617), UTF-8 for Outlook's umlauts. */
export function askForCredentials(ctx: Context, realm: string, language: Language): void {
  ctx.status = 401;
  ctx.set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
  sendUserMessage(ctx, { key: 'sign-in' }, language);
}
