/**
 * Typed configuration: defaults for the embedded demo, overridden by environment variables.
 * The one source read by `knexfile.ts`, the composition root and the command line.
 */
export type DatabaseConfig =
  | { readonly client: 'sqlite'; readonly filename: string }
  | { readonly client: 'mysql'; readonly url: string };

export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly database: DatabaseConfig;
  /** JSON file mapping BrokerStar's CRM table/column names (see `src/adapters/knex/schema/crmSchema.ts`); null: the reference names. */
  readonly crmSchemaFile: string | null;
  readonly dav: {
    /** Path under which the DAV tree lives; discovery URLs (`/`, `/.well-known/*`) stay at the root. */
    readonly basePath: string;
    readonly realm: string;
    /** Largest iCalendar/vCard body accepted by PUT, in bytes. */
    readonly maxResourceSize: number;
    /** Honour X-Forwarded-Proto / X-Forwarded-Host from a TLS-terminating reverse proxy. */
    readonly trustProxy: boolean;
    /** How long a verified Basic credential is remembered (bcrypt is deliberately slow). */
    readonly authCacheTtlMs: number;
  };
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
  /** Load the demo data set when the database is empty (embedded default only). */
  readonly seedDemoWhenEmpty: boolean;
}

export const DEFAULT_SQLITE_FILE = './data/brokerstar-dav.sqlite';

export function databaseFromUrl(url: string | undefined): DatabaseConfig {
  if (!url) return { client: 'sqlite', filename: DEFAULT_SQLITE_FILE };
  if (/^mysql2?:\/\//i.test(url) || /^mariadb:\/\//i.test(url)) {
    return { client: 'mysql', url: url.replace(/^(mariadb|mysql2):/i, 'mysql:') };
  }
  if (/^(sqlite|file):/i.test(url)) return { client: 'sqlite', filename: url.replace(/^(sqlite|file):(\/\/)?/i, '') };
  throw new Error(`DATABASE_URL must start with mysql:// or sqlite: (got "${url}")`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const database = databaseFromUrl(env.DATABASE_URL);
  return {
    host: env.HOST ?? '0.0.0.0',
    port: Number(env.PORT ?? 5232),
    database,
    crmSchemaFile: env.CRM_SCHEMA_FILE || null,
    dav: {
      basePath: env.DAV_BASE_PATH ?? '/dav',
      realm: env.DAV_REALM ?? 'BrokerStar',
      maxResourceSize: Number(env.DAV_MAX_RESOURCE_SIZE ?? 10 * 1024 * 1024),
      trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
      authCacheTtlMs: Number(env.AUTH_CACHE_TTL_MS ?? 5 * 60 * 1000),
    },
    tls: env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE } : null,
    seedDemoWhenEmpty: database.client === 'sqlite' && env.SEED_DEMO !== '0',
  };
}
