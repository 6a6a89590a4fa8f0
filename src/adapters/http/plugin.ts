import type Koa from 'koa';
import type { Knex } from 'knex';

/** Options a host application passes when mounting the DAV plugin. */
export interface DavPluginOptions {
  /** The host's knex instance (BrokerStar's MySQL). */
  readonly knex: Knex;
  /** Path under which the DAV tree lives (default `/dav`); `/` and `/.well-known/*` are answered for discovery. */
  readonly basePath?: string;
  readonly realm?: string;
  readonly trustProxy?: boolean;
  readonly maxResourceSize?: number;
  readonly authCacheTtlMs?: number;
}

export interface MountedDav {
  close(): Promise<void>;
}

/** Mounts CalDAV/CardDAV into a host Koa app without taking over the host's own routes. */
export async function mountBrokerStarDav(app: Koa, options: DavPluginOptions): Promise<MountedDav> {
  // Replaced by the DAV adapter (work in progress by the lead).
  void app;
  void options;
  return { close: async () => {} };
}
