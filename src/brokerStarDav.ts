import type { Container, ContainerModule } from 'inversify';
import { DEFAULT_CONTEXT_SETTINGS, DEFAULT_THROTTLE_POLICY, type ContextSettings, type ThrottlePolicy } from './domain/index.ts';
import type { Knex } from 'knex';
import { buildContainer } from './container.ts';
import { formatsModule } from './adapters/formats/formatsModule.ts';
import { AUTHENTICATOR, DAV_SERVICES, davModule, SAVES_AFTER_ANSWER } from './adapters/http/dav/davModule.ts';
import { DavHandler } from './adapters/http/dav/DavHandler.ts';
import { davMiddleware, type DavMiddleware, type PluginHandlers } from './adapters/http/davMiddleware.ts';
import { normaliseBasePath } from './adapters/http/davRoutes.ts';
import { davLimits, type DavLimits } from './adapters/http/dav/limits.ts';
import { isPluginInstalled } from './adapters/knex/install/install.ts';
import { dateTimeReadingProblem } from './adapters/knex/install/dateTimeReading.ts';
import { pruneHistory } from './adapters/knex/journal/retention.ts';
import { applyContextSettings } from './adapters/knex/context/renderSettings.ts';
import { CrmSchema, type CrmSchemaMapping } from './adapters/knex/schema/crmSchema.ts';
import { setUpObservability, type ObservabilityOptions } from './adapters/http/observability/index.ts';
import { loggingRenderFailureReporter } from './adapters/http/observability/renderFailures.ts';
import { SetupHandler, type SetupUserResolver } from './adapters/http/setup/SetupHandler.ts';
import { profileSigner, type ProfileSigner } from './adapters/http/setup/profileSigning.ts';
import { AppPasswordService } from './application/AppPasswordService.ts';
import { TOKENS } from './ports/index.ts';

/** Options a host application passes to `brokerStarDav(…)`. */
export interface BrokerStarDavOptions extends ObservabilityOptions {
  /** The host's knex instance (BrokerStar's MySQL, or SQLite); the host keeps ownership and destroys it. */
  readonly knex: Knex;
  /** BrokerStar's CRM table/column names where they differ from the reference schema (see docs/install.md). */
  readonly schema?: CrmSchema | CrmSchemaMapping;
  /**
   * How long the change journal is kept, in ms (default 30 days; 0: never pruned by the plugin). A
   * device with an older sync token re-syncs fully. Pruning runs at start and then hourly.
   */
  readonly journalRetentionMs?: number;
  /** Path of the DAV tree (default `/dav`); `/` and `/.well-known/caldav|carddav` are answered for discovery. */
  readonly basePath?: string;
  /** Basic authentication realm (default `BrokerStar`). */
  readonly realm?: string;
  /** Honour `X-Forwarded-Proto/Host` of a TLS reverse proxy in redirects (default off). */
  readonly trustProxy?: boolean;
  /** Largest vCard/iCalendar body of a PUT in bytes (default 10 MiB; XML bodies: `limits.maxXmlBodyBytes`). */
  readonly maxResourceSize?: number;
  /** How long a verified password is remembered, in ms (default 5 minutes; bcrypt is slow on purpose). */
  readonly authCacheTtlMs?: number;
  /**
   * Failed-login throttling (see `src/domain/users/LoginThrottling.ts`): per login + address, per
   * login and per address, with the counts shared by every instance through the database.
   */
  readonly loginThrottling?: Partial<ThrottlePolicy>;
  /** Bounds on the work one request may cause (XML size/depth/elements, multiget hrefs, client properties); see limits.ts. */
  readonly limits?: Partial<DavLimits>;
  /**
   * Devices must sign in with an app password (created on `<basePath>/setup`); the BrokerStar
   * password then opens only the setup page (default false: both work).
   */
  readonly requireAppPasswords?: boolean;
  /**
   * Key of the setup page's CSRF tokens. Default: a random key the plugin keeps in its database, so
   * that every instance on it agrees. Set it to rotate the key or to keep it out of the database.
   */
  readonly setupCsrfSecret?: string;
  /**
   * A host that has already signed the user in (BrokerStar's own session) returns the BrokerStar login
   * here; the setup page then needs no Basic login. Return null to fall back to Basic.
   */
  readonly setupUser?: SetupUserResolver;
  /**
   * Certificate and key (PEM) to sign the setup page's Apple profiles with; iOS then shows them as
   * verified. Without it profiles are unsigned and iOS shows "Not Verified" (they work the same).
   */
  readonly appleProfileSigning?: ProfileSigner;
  /**
   * The customer context on appointments and tasks (issue 13): BrokerStar's web address
   * (`webUrl`, default https://public.brokerstar.biz), the record URL patterns with `{id}`
   * (`contactUrl` `/contacts/{id}`, `appointmentUrl` `/appointments/{id}`, `taskUrl` `/tasks/{id}`,
   * relative to `webUrl` or absolute) and `enabled` (default true).
   */
  readonly context?: Partial<ContextSettings>;
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
    limits: davLimits(options.limits),
    loginThrottling: { ...DEFAULT_THROTTLE_POLICY, ...options.loginThrottling },
    requireAppPasswords: options.requireAppPasswords ?? false,
    context: contextSettings(options.context),
  };
  const observability = setUpObservability(options, options.knex);
  const schema = options.schema instanceof CrmSchema ? options.schema : CrmSchema.of(options.schema);
  const retention = options.journalRetentionMs ?? 30 * DAY_MS;
  // Here, not at the first request: a key that does not fit the certificate stops the host's start.
  const signProfile = options.appleProfileSigning ? profileSigner(options.appleProfileSigning) : undefined;
  let container: Container | undefined;
  let pruning: NodeJS.Timeout | undefined;
  const init = async (): Promise<PluginHandlers> => {
    if (!(await isPluginInstalled(options.knex, schema))) {
      throw new Error('BrokerStar DAV is not installed in this database (or not up to date): run "npx brokerstar-dav install" ' +
        '(after "install --check") with the same DATABASE_URL; see docs/install.md in the brokerstar-dav package ' +
        '(node_modules/brokerstar-dav/docs/install.md).');
    }
    const dateTimeProblem = await dateTimeReadingProblem(options.knex);
    if (dateTimeProblem) throw new Error(dateTimeProblem);
    await applyContextSettings(options.knex, schema, settings.context);
    const built = await buildContainer({ knex: options.knex, schema }, [
      formatsModule(settings.limits), davModule(settings, loggingRenderFailureReporter(observability.logger)), ...(options.modules ?? []),
    ]);
    container = built;
    if (retention > 0) pruning = scheduleRetention(options.knex, retention);
    const authenticator = built.get(AUTHENTICATOR);
    const users = built.get(TOKENS.UserDirectory);
    const setup = new SetupHandler({
      authenticator, users, secrets: built.get(TOKENS.ServerSecrets),
      appPasswords: new AppPasswordService(built.get(TOKENS.AppPasswords), built.get(TOKENS.Clock)),
      diagnosePorts: {
        users, contacts: built.get(TOKENS.ContactDirectory), appointments: built.get(TOKENS.AppointmentBook), tasks: built.get(TOKENS.TaskList),
      },
    }, {
      ...settings,
      ...(options.setupCsrfSecret ? { csrfSecret: options.setupCsrfSecret } : {}),
      ...(options.setupUser ? { setupUser: options.setupUser } : {}),
      ...(signProfile ? { signProfile } : {}),
    });
    return { dav: new DavHandler(built.get(DAV_SERVICES), authenticator, settings), setup };
  };
  const settled = async (timeoutMs?: number) => {
    await container?.get(SAVES_AFTER_ANSWER).drain(timeoutMs);
  };
  return davMiddleware(settings.basePath, init, {
    settled: () => settled(),
    async dispose() {
      clearInterval(pruning);
      // Renderings still being stored finish before the host closes its database (bounded: see drain).
      await settled(CLOSE_DRAIN_MS);
      const abandoned = container?.get(SAVES_AFTER_ANSWER).outstanding ?? 0;
      if (abandoned > 0) {
        observability.logger.warn({ savesAbandoned: abandoned, waitedMs: CLOSE_DRAIN_MS },
          'closed while stores of re-rendered objects were still running (the database does not answer); nothing is lost, they are rendered again');
      }
      observability.close();
      await container?.unbindAll();
    },
  }, observability);
}

/** The context settings with defaults; a web address that is not http(s) stops the start. */
export function contextSettings(given: Partial<ContextSettings> = {}): ContextSettings {
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<ContextSettings>;
  const settings = { ...DEFAULT_CONTEXT_SETTINGS, ...defined };
  if (!/^https?:\/\/[^\s/]+/i.test(settings.webUrl)) throw new Error(`context.webUrl must be an http(s) address, not "${settings.webUrl}".`);
  for (const key of ['contactUrl', 'appointmentUrl', 'taskUrl'] as const) {
    if (!settings[key].includes('{id}') || /\s/.test(settings[key])) throw new Error(`context.${key} must be a URL pattern with an {id} placeholder, not "${settings[key]}".`);
  }
  return settings;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long `close()` waits for renderings still being stored after their answers. */
const CLOSE_DRAIN_MS = 5_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Journal retention in the background: idempotent, so several instances on one database may all
 * run it. Failures (database briefly away) are left to the next round; the timer never keeps the
 * host process alive.
 */
function scheduleRetention(knex: Knex, retentionMs: number): NodeJS.Timeout {
  const prune = () => {
    pruneHistory(knex, new Date(Date.now() - retentionMs)).catch(() => undefined);
  };
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return timer;
}
