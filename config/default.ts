/**
 * Typed configuration: defaults for the embedded demo, overridden by environment variables.
 * The one source read by `knexfile.ts`, the composition root and the command line. Every variable
 * is validated by one schema: a wrong value stops the start with a message naming the variable,
 * the value and what is expected, instead of silently becoming NaN or "off".
 */
import { z } from 'zod';
import { parseBoolean, parseDuration, parsePort, parseSize } from './units.ts';

export type DatabaseConfig =
  | { readonly client: 'sqlite'; readonly filename: string }
  | { readonly client: 'mysql'; readonly url: string; readonly timeouts?: DatabaseTimeouts };

/**
 * How soon a dead MySQL/MariaDB is noticed: a request then answers 503 with Retry-After within about
 * `acquireMs` instead of hanging, and the pool reconnects by itself once the database is back.
 */
export interface DatabaseTimeouts {
  /** mysql2 `connectTimeout`: opening a connection (TCP + handshake) may take this long. */
  readonly connectMs: number;
  /** knex `acquireConnectionTimeout`: a statement waits this long for a pooled connection. */
  readonly acquireMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 3000, acquireMs: 5000 };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
    /** Devices must use app passwords (the BrokerStar password then opens only the setup page). */
    readonly requireAppPasswords: boolean;
    /** Key of the setup page's CSRF tokens; null: a random key kept in the plugin's database. */
    readonly setupCsrfSecret: string | null;
    /** PEM files to sign Apple profiles with (certificate, key, optional intermediates); null: unsigned. */
    readonly appleProfileSigning: { readonly certFile: string; readonly keyFile: string; readonly chainFile: string | null } | null;
  };
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
  /** Load the demo data set when the database is empty (embedded default only). */
  readonly seedDemoWhenEmpty: boolean;
  /** How long requests in flight may run on after SIGTERM/SIGINT before connections are cut. */
  readonly shutdownGraceMs: number;
  readonly log: {
    readonly level: LogLevel;
    /** `json`: one JSON object per line (production); `pretty`: readable lines for a terminal. */
    readonly format: 'json' | 'pretty';
    /** Requests slower than this are logged as warnings. */
    readonly slowRequestMs: number;
  };
  /** `/metrics` is served only when set, and only to `Authorization: Bearer <token>`. */
  readonly metricsToken: string | null;
  /** How long the change journal is kept (older sync tokens make devices re-sync fully). */
  readonly journalRetentionMs: number;
  /** The customer context on appointments and tasks (issue 13); unset patterns take the plugin's defaults. */
  readonly context: {
    readonly enabled: boolean;
    readonly webUrl?: string;
    readonly contactUrl?: string;
    readonly appointmentUrl?: string;
    readonly taskUrl?: string;
  };
  /** Worker processes of the stand-alone server sharing its port (node:cluster); 1: no cluster. */
  readonly workers: number;
  /** Overrides of the per-request limits (`src/adapters/http/dav/limits.ts`), by limit name. */
  readonly limits: Readonly<Record<string, number>>;
}

/** The environment variables of the per-request limits and the limit each one sets. */
export const LIMIT_VARIABLES = {
  DAV_MAX_XML_BODY_BYTES: 'maxXmlBodyBytes',
  DAV_MAX_XML_DEPTH: 'maxXmlDepth',
  DAV_MAX_XML_ELEMENTS: 'maxXmlElements',
  DAV_MAX_MULTIGET_HREFS: 'maxMultigetHrefs',
  DAV_MAX_DEAD_PROPERTIES: 'maxDeadProperties',
  DAV_MAX_DEAD_PROPERTY_BYTES: 'maxDeadPropertyBytes',
  DAV_MAX_DEAD_PROPERTIES_TOTAL_BYTES: 'maxDeadPropertiesTotalBytes',
  DAV_MAX_RECURRENCE_INSTANCES_EXAMINED: 'recurrenceInstancesExamined',
  DAV_MAX_RECURRENCE_STEPS: 'recurrenceSteps',
  DAV_MAX_RECURRENCE_STEPS_PER_REQUEST: 'recurrenceStepsPerRequest',
  DAV_MAX_INSTANCES: 'maxInstances',
} as const;

export const DEFAULT_SQLITE_FILE = './data/brokerstar-dav.sqlite';

export function databaseFromUrl(url: string | undefined): DatabaseConfig {
  if (!url) return { client: 'sqlite', filename: DEFAULT_SQLITE_FILE };
  if (/^mysql2?:\/\//i.test(url) || /^mariadb:\/\//i.test(url)) {
    return { client: 'mysql', url: url.replace(/^(mariadb|mysql2):/i, 'mysql:') };
  }
  if (/^(sqlite|file):/i.test(url)) return { client: 'sqlite', filename: url.replace(/^(sqlite|file):(\/\/)?/i, '') };
  throw new Error(`DATABASE_URL must start with mysql:// or sqlite: (got "${maskUrlPassword(url)}")`);
}

/** `mysql://user:secret@host/db` → `mysql://user:***@host/db` (for messages and --print-config). */
export function maskUrlPassword(url: string): string {
  return url.replace(/^([a-z0-9+.-]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** A string variable turned into a value by `parse`; `expected` completes "expected …" in the error. */
function parsed<T>(parse: (text: string) => T | null, expected: string) {
  return z.string().transform((text, ctx) => {
    const value = parse(text);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
    return value;
  });
}

const size = (expected: string) => parsed((t) => { const n = parseSize(t); return n !== null && n > 0 ? n : null; }, expected);
const duration = (expected: string) => parsed(parseDuration, expected);
const flag = parsed(parseBoolean, 'one of 1/0, true/false, yes/no, on/off');
const count = parsed((t) => (/^\d+$/.test(t.trim()) && Number(t) > 0 && Number.isSafeInteger(Number(t)) ? Number(t) : null), 'a positive whole number');
const limitSchemas = Object.fromEntries(Object.keys(LIMIT_VARIABLES).map((name) => [
  name, name.endsWith('_BYTES') ? size('a size in bytes or with a unit, e.g. 32MB').optional() : count.optional(),
])) as unknown as { [K in keyof typeof LIMIT_VARIABLES]: ReturnType<typeof count.optional> };

const recordPattern = parsed((t) => (t.includes('{id}') && !/\s/.test(t) ? t : null), 'a URL pattern with {id}, e.g. /contacts/{id} or https://crm.example.ch/kunden/{id}');

/** Every environment variable the server and the command line read, with its default. */
const ENV_SCHEMA = z.object({
  DATABASE_URL: parsed((t) => { try { return databaseFromUrl(t); } catch { return null; } },
    'mysql://user:password@host:3306/database or sqlite:/path/file.sqlite').optional(),
  HOST: z.string().default('0.0.0.0'),
  PORT: parsed(parsePort, 'a port number 0–65535').default(5232),
  DAV_BASE_PATH: parsed((t) => (/^\/[^\s?#]*[^/\s?#]$/.test(t) ? t : null), 'a path like /dav (starting with /, not / alone)').default('/dav'),
  DAV_REALM: parsed((t) => (/^[^"\\\r\n]+$/.test(t) ? t : null), 'text without quotes, backslashes or line breaks').default('BrokerStar'),
  DAV_MAX_RESOURCE_SIZE: size('a size in bytes or with a unit, e.g. 10485760 or 10MB').default(10 * 1024 * 1024),
  TRUST_PROXY: flag.default(false),
  AUTH_CACHE_TTL_MS: duration('a duration in ms or with a unit, e.g. 300000 or 5m').default(5 * 60 * 1000),
  REQUIRE_APP_PASSWORDS: flag.default(false),
  SETUP_CSRF_SECRET: parsed((t) => (t.length >= 32 && !/\s/.test(t) ? t : null), 'at least 32 characters without spaces (e.g. openssl rand -hex 32)').optional(),
  APPLE_PROFILE_CERT_FILE: z.string().optional(),
  APPLE_PROFILE_KEY_FILE: z.string().optional(),
  APPLE_PROFILE_CHAIN_FILE: z.string().optional(),
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  SEED_DEMO: flag.default(true),
  SHUTDOWN_GRACE: duration('a duration in ms or with a unit, e.g. 10000 or 10s').default(10_000),
  LOG_LEVEL: parsed((t) => (LOG_LEVELS as readonly string[]).includes(t.toLowerCase()) ? (t.toLowerCase() as LogLevel) : null,
    `one of ${LOG_LEVELS.join(', ')}`).default('info'),
  LOG_FORMAT: parsed((t) => (t === 'json' || t === 'pretty' ? t : null), 'json or pretty').optional(),
  SLOW_REQUEST: duration('a duration in ms or with a unit, e.g. 2000 or 2s').default(2000),
  METRICS_TOKEN: parsed((t) => (t.length >= 16 && !/\s/.test(t) ? t : null), 'at least 16 characters without spaces (e.g. openssl rand -hex 24)').optional(),
  CRM_SCHEMA_FILE: z.string().optional(),
  DB_CONNECT_TIMEOUT: duration('a duration in ms or with a unit, e.g. 3000 or 3s').default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
  DB_ACQUIRE_TIMEOUT: duration('a duration in ms or with a unit, e.g. 5000 or 5s').default(DEFAULT_DATABASE_TIMEOUTS.acquireMs),
  WORKERS: count.default(1),
  JOURNAL_RETENTION: parsed((t) => { const ms = parseDuration(t); return ms !== null && ms >= 0 ? ms : null; },
    'a duration, e.g. 30d (0: never prune)').default(30 * 24 * 60 * 60 * 1000),
  CRM_CONTEXT: flag.default(true),
  BROKERSTAR_URL: parsed((t) => (/^https?:\/\/[^\s/]+[^\s]*$/i.test(t) ? t : null), 'an http(s) address, e.g. https://public.brokerstar.biz').optional(),
  BROKERSTAR_CONTACT_URL: recordPattern.optional(),
  BROKERSTAR_APPOINTMENT_URL: recordPattern.optional(),
  BROKERSTAR_TASK_URL: recordPattern.optional(),
  ...limitSchemas,
});

const SECRET_VARIABLES = new Set(['METRICS_TOKEN', 'SETUP_CSRF_SECRET']);

/** The configuration is wrong; the message lists every wrong variable with its value and what it should be. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function shownValue(name: string, value: string): string {
  if (SECRET_VARIABLES.has(name)) return '(secret, not shown)';
  return JSON.stringify(name === 'DATABASE_URL' ? maskUrlPassword(value) : value);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (`PORT=`) means "not set", as in most shells' `VAR= command` idiom.
  const given: Record<string, string> = {};
  for (const key of Object.keys(ENV_SCHEMA.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') given[key] = value;
  }
  const result = ENV_SCHEMA.safeParse(given);
  const problems = result.success ? [] : result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name}=${shownValue(name, given[name] ?? '')}: expected ${issue.message}`;
  });
  if (Boolean(given.TLS_CERT_FILE) !== Boolean(given.TLS_KEY_FILE)) {
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE: expected both or neither');
  }
  if (Boolean(given.APPLE_PROFILE_CERT_FILE) !== Boolean(given.APPLE_PROFILE_KEY_FILE)) {
    problems.push('APPLE_PROFILE_CERT_FILE and APPLE_PROFILE_KEY_FILE: expected both or neither');
  }
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const e = result.data;
  const url = e.DATABASE_URL ?? databaseFromUrl(undefined);
  const database: DatabaseConfig = url.client === 'mysql'
    ? { ...url, timeouts: { connectMs: e.DB_CONNECT_TIMEOUT, acquireMs: e.DB_ACQUIRE_TIMEOUT } }
    : url;
  return {
    host: e.HOST,
    port: e.PORT,
    database,
    crmSchemaFile: e.CRM_SCHEMA_FILE ?? null,
    dav: {
      basePath: e.DAV_BASE_PATH,
      realm: e.DAV_REALM,
      maxResourceSize: e.DAV_MAX_RESOURCE_SIZE,
      trustProxy: e.TRUST_PROXY,
      authCacheTtlMs: e.AUTH_CACHE_TTL_MS,
      requireAppPasswords: e.REQUIRE_APP_PASSWORDS,
      setupCsrfSecret: e.SETUP_CSRF_SECRET ?? null,
      appleProfileSigning: e.APPLE_PROFILE_CERT_FILE && e.APPLE_PROFILE_KEY_FILE
        ? { certFile: e.APPLE_PROFILE_CERT_FILE, keyFile: e.APPLE_PROFILE_KEY_FILE, chainFile: e.APPLE_PROFILE_CHAIN_FILE ?? null }
        : null,
    },
    tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : null,
    seedDemoWhenEmpty: database.client === 'sqlite' && e.SEED_DEMO,
    shutdownGraceMs: e.SHUTDOWN_GRACE,
    log: {
      level: e.LOG_LEVEL,
      format: e.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
      slowRequestMs: e.SLOW_REQUEST,
    },
    metricsToken: e.METRICS_TOKEN ?? null,
    journalRetentionMs: e.JOURNAL_RETENTION,
    context: {
      enabled: e.CRM_CONTEXT,
      webUrl: e.BROKERSTAR_URL, contactUrl: e.BROKERSTAR_CONTACT_URL, appointmentUrl: e.BROKERSTAR_APPOINTMENT_URL, taskUrl: e.BROKERSTAR_TASK_URL,
    },
    workers: e.WORKERS,
    limits: Object.fromEntries(Object.entries(LIMIT_VARIABLES).flatMap(([variable, limit]) => {
      const value = e[variable as keyof typeof LIMIT_VARIABLES];
      return value === undefined ? [] : [[limit, value]];
    })),
  };
}

/** The effective configuration for `--print-config`, with the database password and tokens masked. */
export function printableConfig(config: AppConfig): string {
  const database = config.database.client === 'mysql' ? { ...config.database, url: maskUrlPassword(config.database.url) } : config.database;
  const dav = { ...config.dav, setupCsrfSecret: config.dav.setupCsrfSecret === null ? null : '***' };
  return JSON.stringify({ ...config, database, dav, metricsToken: config.metricsToken === null ? null : '***' }, null, 2);
}
