import type { Context, Next } from 'koa';
import {
  DomainError,
  InvalidObjectData,
  InvalidSyncToken,
  NotFound,
  SyncNotAllowed,
  UidConflict,
  UnsupportedComponent,
  VersionConflict,
  WriteForbidden,
  InvalidLoginName,
  TooManyInstances,
  type ObjectKind,
  type SyncKind,
} from '../../../../domain/index.ts';
import { caldav, carddav, dav } from '../xml/names.ts';
import { el, errorDocument, type XmlNode } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { DavRequest } from '../DavRequest.ts';

const SYNC_KIND_OF: Record<ObjectKind, SyncKind> = { contact: 'contacts', appointment: 'calendar', task: 'tasks' };

interface Mapped {
  readonly status: number;
  readonly condition?: XmlNode;
}

/** The only place where errors become HTTP statuses and RFC precondition bodies. */
function map(err: unknown, dav_: DavRequest | undefined, method: string): Mapped | null {
  if (err instanceof DavHttpError) return { status: err.status, ...(err.condition ? { condition: err.condition } : {}) };
  if (!(err instanceof DomainError)) return null;
  if (err instanceof NotFound) return { status: 404 };
  if (err instanceof VersionConflict) return { status: 412 };
  if (err instanceof InvalidSyncToken) return { status: 403, condition: el(dav('valid-sync-token')) };
  // DAVx5 ignores a refused write only when the 403 carries need-privileges (RFC 3744 §7.1.1).
  if (err instanceof SyncNotAllowed || err instanceof WriteForbidden) return { status: 403, condition: el(dav('need-privileges')) };
  if (err instanceof UnsupportedComponent) return { status: 403, condition: el(caldav('supported-calendar-component')) };
  if (err instanceof InvalidObjectData) {
    return { status: 400, condition: el(err.kind === 'contact' ? carddav('valid-address-data') : caldav('valid-calendar-data')) };
  }
  if (err instanceof UidConflict) {
    // RFC 4791 §5.3.2.1 / RFC 6352 §6.3.2.1: name the resource that already has the UID.
    const href = dav_ ? dav_.paths.object(dav_.user.login, SYNC_KIND_OF[err.kind], err.existingName) : err.existingName;
    const name = err.kind === 'contact' ? carddav('no-uid-conflict') : caldav('no-uid-conflict');
    return { status: 409, condition: el(name, el(dav('href'), href)) };
  }
  if (err instanceof InvalidLoginName) return { status: 401 };
  if (err instanceof TooManyInstances) {
    // RFC 4791 §5.3.2.1 precondition of a write; for a report the §7.8 postcondition on limits.
    return method === 'PUT' ? { status: 403, condition: el(caldav('max-instances')) } : { status: 507, condition: el(dav('number-of-matches-within-limits')) };
  }
  return { status: 400 };
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
    const mapped = map(err, ctx.state.dav as DavRequest | undefined, ctx.method);
    if (!mapped) {
      ctx.status = 500;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'Internal server error.\n';
      ctx.app.emit('error', err, ctx);
      return;
    }
    ctx.status = mapped.status;
    const message = (err as Error).message;
    if (mapped.condition !== undefined) {
      ctx.type = 'application/xml; charset=utf-8';
      ctx.body = errorDocument(mapped.condition, message);
    } else {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${message}\n`;
    }
  }
}
