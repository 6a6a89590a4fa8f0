import type { Container, ContainerModule } from 'inversify';
import type { Knex } from 'knex';
import { buildContainer } from './container.ts';
import { formatsModule } from './adapters/formats/formatsModule.ts';
import { AUTHENTICATOR, DAV_SERVICES, davModule } from './adapters/http/dav/davModule.ts';
import { DavHandler } from './adapters/http/dav/DavHandler.ts';
import { davMiddleware, type DavMiddleware } from './adapters/http/davMiddleware.ts';
import { normaliseBasePath } from './adapters/http/davRoutes.ts';

/** Options a host application passes to `brokerStarDav(…)`. */
export interface BrokerStarDavOptions {
  /** The host's knex instance (BrokerStar's MySQL, or SQLite); the host keeps ownership and destroys it. */
  readonly knex: Knex;
  /** Path of the DAV tree (default `/dav`); `/` and `/.well-known/caldav|carddav` are answered for discovery. */
  readonly basePath?: string;
  /** Basic authentication realm (default `BrokerStar`). */
  readonly realm?: string;
  /** Honour `X-Forwarded-Proto/Host` of a TLS reverse proxy in redirects (default off). */
  readonly trustProxy?: boolean;
  /** Largest vCard/iCalendar/XML request body in bytes (default 10 MiB). */
  readonly maxResourceSize?: number;
  /** How long a verified password is remembered, in ms (default 5 minutes; bcrypt is slow on purpose). */
  readonly authCacheTtlMs?: number;
  /** Extra Inversify modules, e.g. to replace the visibility rule or a storage adapter. */
  readonly modules?: readonly ContainerModule[];
}

/** The middleware `brokerStarDav` returns: `app.use()` it; `ready` and `close()` manage its lifecycle. */
export type BrokerStarDavMiddleware = DavMiddleware;

/**
 * CalDAV/CardDAV for a host Koa app: `app.use(brokerStarDav({ knex }))`. Synchronous; the
 * Inversify container is built behind the first DAV request (or when `ready` is awaited). Requests
 * outside the plugin's paths go to the host's next middleware untouched.
 */
export function brokerStarDav(options: BrokerStarDavOptions): BrokerStarDavMiddleware {
  const settings = {
    basePath: normaliseBasePath(options.basePath ?? '/dav'),
    realm: options.realm ?? 'BrokerStar',
    trustProxy: options.trustProxy ?? false,
    maxResourceSize: options.maxResourceSize ?? 10 * 1024 * 1024,
    authCacheTtlMs: options.authCacheTtlMs ?? 5 * 60 * 1000,
  };
  let container: Container | undefined;
  const init = async (): Promise<DavHandler> => {
    const built = await buildContainer({ knex: options.knex }, [formatsModule(), davModule(settings), ...(options.modules ?? [])]);
    container = built;
    return new DavHandler(built.get(DAV_SERVICES), built.get(AUTHENTICATOR), settings);
  };
  return davMiddleware(settings.basePath, init, async () => container?.unbindAll());
}
