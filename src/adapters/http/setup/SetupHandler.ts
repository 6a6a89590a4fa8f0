import type { Context } from 'koa';
import coBody from 'co-body';
import { InvalidAppPasswordLabel, normalizeLoginName, preferredLanguage, type Language, type User } from '../../../domain/index.ts';
import type { Authenticator } from '../../../application/Authenticator.ts';
import type { AppPasswordService } from '../../../application/AppPasswordService.ts';
import { diagnose, type DiagnosePorts } from '../../../application/diagnose.ts';
import type { ServerSecrets, UserDirectory } from '../../../ports/index.ts';
import { externalOrigin } from '../dav/middleware/proxy.ts';
import { clientFamily } from '../observability/clientFamily.ts';
import { observation } from '../observability/observation.ts';
import { askForCredentials, basicCredentials, noteLogin, refuseThrottled } from '../dav/middleware/authenticate.ts';
import { csrfToken, sameOrigin, tokenMatches } from './csrf.ts';
import { appleProfile } from './mobileconfig.ts';
import { davx5Link, qrDataUrl } from './davx5Link.ts';
import { renderSetupPage, type SetupView } from './setupPage.ts';
import { SETUP_TEXTS } from './setupTexts.ts';

/** The host's own login: returns the BrokerStar login of the user it authenticated, or null (then Basic is asked). */
export type SetupUserResolver = (ctx: Context) => string | null | undefined | Promise<string | null | undefined>;

export interface SetupSettings {
  readonly basePath: string;
  readonly realm: string;
  readonly trustProxy: boolean;
  readonly requireAppPasswords: boolean;
  /** CSRF key; when absent the one kept in the plugin's database (the same for every instance). */
  readonly csrfSecret?: string;
  readonly setupUser?: SetupUserResolver;
  /** Signs Apple profiles (CMS, DER); absent: profiles are sent unsigned (iOS shows "Not Verified"). */
  readonly signProfile?: (xml: string) => Buffer;
}

export interface SetupServices {
  readonly authenticator: Authenticator;
  readonly users: UserDirectory;
  readonly diagnosePorts: DiagnosePorts;
  readonly appPasswords: AppPasswordService;
  readonly secrets: ServerSecrets;
}

/** Form bodies are tiny: a label and a token. */
const FORM_LIMIT = 4096;

/**
 * `<basePath>/setup`: the signed-in user's own setup page (GET), and its three forms (POST):
 * create an app password, revoke one, download an Apple profile with a new one inside.
 */
export class SetupHandler {
  readonly pagePath: string;
  constructor(private readonly services: SetupServices, private readonly settings: SetupSettings) {
    this.pagePath = `${settings.basePath}/setup`;
  }

  async handle(ctx: Context): Promise<void> {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    ctx.vary('Accept-Language');
    const sub = ctx.path.slice(this.pagePath.length).replace(/\/$/, '');
    const route = `${ctx.method === 'HEAD' ? 'GET' : ctx.method} ${sub}`;
    const known = ['GET ', 'POST /app-passwords', 'POST /app-passwords/revoke', 'POST /mobileconfig'];
    if (!known.includes(route)) {
      ctx.status = ['', '/app-passwords', '/app-passwords/revoke', '/mobileconfig'].includes(sub) ? 405 : 404;
      if (ctx.status === 405) ctx.set('Allow', sub === '' ? 'GET, HEAD' : 'POST');
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = ctx.status === 405 ? 'Method not allowed.\n' : 'Not found.\n';
      return;
    }
    const user = await this.signIn(ctx);
    if (!user) return;
    const origin = externalOrigin(ctx, this.settings.trustProxy);
    if (route === 'GET ') return this.page(ctx, user, origin, this.language(ctx, undefined));
    const form = await this.readForm(ctx);
    const language = this.language(ctx, form.lang);
    const secret = this.settings.csrfSecret ?? (await this.services.secrets.get('setup-csrf'));
    if (!sameOrigin(ctx, origin) || !tokenMatches(csrfToken(secret, user.id, user.login), form.csrf)) {
      ctx.status = 403;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${SETUP_TEXTS[language].forbidden}\n`;
      return;
    }
    try {
      if (route === 'POST /app-passwords') {
        const created = await this.services.appPasswords.create(user, form.label ?? '');
        return this.page(ctx, user, origin, language, { newPassword: { label: created.entry.label, password: created.password } });
      }
      if (route === 'POST /app-passwords/revoke') {
        const label = form.label ?? '';
        const done = await this.services.appPasswords.revoke(user, label);
        return this.page(ctx, user, origin, language, done ? { notice: `${SETUP_TEXTS[language].revoked} ${label}` } : {});
      }
      return this.profile(ctx, user, origin, form.label ?? 'iPhone');
    } catch (err) {
      if (!(err instanceof InvalidAppPasswordLabel)) throw err;
      ctx.status = 400;
      return this.page(ctx, user, origin, language, { error: err.message }, 400);
    }
  }

  /** `?lang=` (or the form's `lang`) wins over Accept-Language. */
  private language(ctx: Context, fromForm: string | undefined): Language {
    const asked = fromForm ?? (typeof ctx.query.lang === 'string' ? ctx.query.lang : undefined);
    return asked === 'de' || asked === 'en' ? asked : preferredLanguage(ctx.get('Accept-Language'));
  }

  /**
   * The host's login when it passes one; otherwise Basic with the BrokerStar password (not an app
   * password). A user who may not sync still gets the page: it explains why.
   */
  private async signIn(ctx: Context): Promise<User | null> {
    // The request's log line names the user and a refused login's reason, as for DAV requests.
    const record = observation(ctx);
    if (this.settings.setupUser) {
      const login = await this.settings.setupUser(ctx);
      if (login) {
        try {
          const user = await this.services.users.findByLogin(normalizeLoginName(login));
          if (user) {
            record.user = user.login;
            return user;
          }
        } catch {
          // fall through to Basic
        }
      }
    }
    const language = this.language(ctx, undefined);
    record.authFailure = ctx.get('Authorization') ? 'malformed' : 'no-credentials';
    const credentials = basicCredentials(ctx.get('Authorization'));
    if (credentials) {
      const outcome = await this.services.authenticator.authenticate(credentials.login, credentials.password, ctx.ip, {
        purpose: 'setup', clientFamily: clientFamily(ctx.get('User-Agent')),
      });
      noteLogin(record, credentials.login, outcome);
      if (outcome.kind === 'authenticated' || outcome.kind === 'not-entitled') return outcome.user;
      if (outcome.kind === 'throttled') {
        refuseThrottled(ctx, outcome.retryAfterMs, language);
        return null;
      }
    }
    askForCredentials(ctx, this.settings.realm, language);
    return null;
  }

  private async page(ctx: Context, user: User, origin: string, language: Language, extra: Partial<SetupView> = {}, status = 200): Promise<void> {
    const secret = this.settings.csrfSecret ?? (await this.services.secrets.get('setup-csrf'));
    const davRoot = `${this.settings.basePath}/`;
    const link = davx5Link(origin, davRoot, user.login);
    const view: SetupView = {
      language, origin, davRoot, pagePath: this.pagePath,
      diagnosis: await diagnose(user, this.services.diagnosePorts),
      appPasswords: await this.services.appPasswords.list(user),
      requireAppPasswords: this.settings.requireAppPasswords,
      profileSigned: this.settings.signProfile !== undefined,
      csrf: csrfToken(secret, user.id, user.login),
      davx5Link: link, qrDataUrl: await qrDataUrl(link),
      ...extra,
    };
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderSetupPage(view);
  }

  /** A new app password for the device, inside an Apple profile (download). */
  private async profile(ctx: Context, user: User, origin: string, label: string): Promise<void> {
    const created = await this.services.appPasswords.create(user, label);
    const url = new URL(origin);
    const tls = url.protocol === 'https:';
    const body = appleProfile({
      host: url.hostname, port: url.port ? Number(url.port) : tls ? 443 : 80, tls,
      principalPath: `${this.settings.basePath}/principals/${encodeURIComponent(user.login)}/`,
      login: user.login, password: created.password, deviceLabel: created.entry.label,
    });
    ctx.status = 200;
    ctx.type = 'application/x-apple-aspen-config';
    ctx.body = this.settings.signProfile ? this.settings.signProfile(body) : body;
    ctx.set('Content-Disposition', `attachment; filename="brokerstar-${user.login.replace(/[^a-z0-9._-]/g, '_')}.mobileconfig"`);
  }

  /** The form fields, from the stream or from what a host body parser left (object or text). */
  private async readForm(ctx: Context): Promise<Record<string, string | undefined>> {
    const left = (ctx.request as { body?: unknown }).body;
    let fields: Record<string, unknown>;
    if (left && typeof left === 'object' && !Buffer.isBuffer(left)) fields = left as Record<string, unknown>;
    else if (typeof left === 'string') fields = Object.fromEntries(new URLSearchParams(left));
    else if (!ctx.req.readableDidRead && !ctx.req.readableEnded) {
      try {
        fields = (await coBody.form(ctx, { limit: FORM_LIMIT, queryString: { parameterLimit: 10, depth: 0 } })) as Record<string, unknown>;
      } catch (err) {
        const status = (err as { status?: number }).status;
        ctx.throw(status && status < 500 ? status : 400, 'Could not read the form.');
      }
    } else fields = {};
    const text = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string).slice(0, 200) : undefined);
    return { csrf: text('csrf'), label: text('label'), lang: text('lang') };
  }
}
