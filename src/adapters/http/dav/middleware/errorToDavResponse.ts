import type { Context, Next } from 'koa';
import {
  DomainError, SyncNotAllowed, WriteForbidden, messageText,
  type DomainErrorCode, type DomainErrorWithCode, type ObjectKind, type SyncKind,
} from '../../../../domain/index.ts';
import { caldav, carddav, dav } from '../xml/names.ts';
import { el, errorDocument, type XmlNode } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import { StorageUnavailable } from '../../../../ports/index.ts';
import type { DavRequest } from '../DavRequest.ts';
import { NOT_XML_CHAR } from '../xml/parse.ts';

const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, 'g');
import { observation } from '../../observability/observation.ts';
import { requestLanguage, sendUserMessage } from '../../userMessageBody.ts';

const SYNC_KIND_OF: Record<ObjectKind, SyncKind> = { contact: 'contacts', appointment: 'calendar', task: 'tasks' };

export interface Mapped {
  readonly status: number;
  readonly condition?: XmlNode;
  /** Seconds after which the client should try again (`Retry-After`, RFC 9110 §10.2.3). */
  readonly retryAfterSeconds?: number;
}

/**
 * Retry-After of a 503 while the database is unreachable: short, because the pool reconnects on the
 * next request once it is back; devices that honour it come back within seconds, not at their next poll.
 */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/**
 * How each domain error becomes a status and an RFC precondition body: a record over every
 * `DomainErrorCode`, so a domain error added without a mapping fails the typecheck.
 */
export type DomainErrorMap = { readonly [C in DomainErrorCode]: (err: DomainErrorWithCode<C>, req: DavRequest | undefined) => Mapped };

// DAVx5 ignores a refused write only when the 403 carries need-privileges (RFC 3744 §7.1.1).
const needPrivileges = (): Mapped => ({ status: 403, condition: el(dav('need-privileges')) });

export const DOMAIN_ERROR_MAP = {
  'not-found': () => ({ status: 404 }),
  'version-conflict': () => ({ status: 412 }),
  'invalid-sync-token': () => ({ status: 403, condition: el(dav('valid-sync-token')) }),
  'sync-not-allowed': needPrivileges,
  'write-forbidden': needPrivileges,
  'unsupported-component': () => ({ status: 403, condition: el(caldav('supported-calendar-component')) }),
  'invalid-object-data': (err) => ({ status: 400, condition: el(err.kind === 'contact' ? carddav('valid-address-data') : caldav('valid-calendar-data')) }),
  'uid-conflict': (err, req) => {
    // RFC 4791 §5.3.2.1 / RFC 6352 §6.3.2.1: name the resource that already has the UID.
    const href = req ? req.paths.object(req.user.login, SYNC_KIND_OF[err.kind], err.existingName) : err.existingName;
    const name = err.kind === 'contact' ? carddav('no-uid-conflict') : caldav('no-uid-conflict');
    return { status: 409, condition: el(name, el(dav('href'), href)) };
  },
  'invalid-login-name': () => ({ status: 401 }),
  // Raised by administration (deleting a user), never by a DAV request; a conflict if it ever were.
  'user-owns-data': () => ({ status: 409 }),
  'too-many-instances': (_err, req) =>
    // RFC 4791 §5.3.2.1 precondition of a write; for a report the RFC 4918 §7.8 postcondition on limits.
    req?.ctx.method === 'PUT' ? { status: 403, condition: el(caldav('max-instances')) } : { status: 507, condition: el(dav('number-of-matches-within-limits')) },
} as const satisfies DomainErrorMap;

/**
 * The only place where errors become HTTP statuses and RFC precondition bodies; `null` for anything
 * unknown (a 500 that is logged, never a silent 400).
 */
export function mapError(err: unknown, req: DavRequest | undefined): Mapped | null {
  if (err instanceof DavHttpError) return { status: err.status, ...(err.condition ? { condition: err.condition } : {}) };
  // RFC 9110 §15.6.4: the server cannot answer now but will shortly; nothing was written.
  if (err instanceof StorageUnavailable) return { status: 503, retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS };
  if (!(err instanceof DomainError)) return null;
  // The record's key and the handler's parameter agree by construction (DomainErrorMap).
  const byCode = DOMAIN_ERROR_MAP as unknown as Record<string, (e: DomainError, r: DavRequest | undefined) => Mapped>;
  return Object.hasOwn(byCode, err.code) ? byCode[err.code]!(err, req) : null;
}

/**
 * Koa middleware at the top of the DAV stack (Nephele's catchErrors, Koa's error recipe): known
 * errors become their status with a `<d:error>` body; anything else is a 500 that exposes nothing
 * and is reported through `app.emit('error')`.
 */
export async function errorToDavResponse(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (err) {
    const mapped = mapError(err, ctx.state.dav as DavRequest | undefined);
    if (!mapped) {
      observation(ctx).failure = err;
      ctx.status = 500;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'Internal server error.\n';
      ctx.app.emit('error', err, ctx);
      return;
    }
    ctx.status = mapped.status;
    if (mapped.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(mapped.retryAfterSeconds));
    if (err instanceof StorageUnavailable) {
      observation(ctx).storageUnavailable = err;
      sendUserMessage(ctx, { key: 'storage-unavailable' });
      return;
    }
    // The log keeps the English text; the client gets the catalogue's text in its language.
    const logged = (err as Error).message;
    if (err instanceof SyncNotAllowed) observation(ctx).refusal = { reason: err.reason, message: logged };
    else if (err instanceof WriteForbidden) observation(ctx).refusal = { reason: 'write-forbidden', message: logged };
    const userMessage = err instanceof DomainError ? err.userMessage : undefined;
    const text = userMessage ? messageText(userMessage, requestLanguage(ctx)) : logged;
    // Messages may quote the client's data; what XML 1.0 cannot carry is replaced so the body stays well-formed.
    const message = text.replace(NOT_XML_CHARS, '\ufffd');
    if (mapped.condition !== undefined) {
      ctx.type = 'application/xml; charset=utf-8';
      ctx.body = errorDocument(mapped.condition, message);
    } else {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${message}\n`;
    }
  }
}
