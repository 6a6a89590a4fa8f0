import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

/**
 * Cross-site request protection for the setup page's forms. Browsers send Basic credentials with
 * every request to the origin, including ones a foreign page triggers, so each state-changing
 * request must carry a token only our page can know: an HMAC of the user's id and login under a
 * server secret (configured, or kept in the plugin's database so that every instance agrees), and
 * must not come from another origin (Origin / Referer / Sec-Fetch-Site).
 */
export function csrfToken(secret: string, userId: number, login: string): string {
  return createHmac('sha256', secret).update(`setup\0${userId}\0${login}`).digest('base64url');
}

export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** False when the browser says the request comes from another site or origin. */
export function sameOrigin(ctx: Context, origin: string): boolean {
  if (ctx.get('Sec-Fetch-Site') === 'cross-site') return false;
  const sent = ctx.get('Origin');
  if (sent) return sent === origin;
  const referer = ctx.get('Referer');
  if (referer) {
    try {
      return new URL(referer).origin === origin;
    } catch {
      return false;
    }
  }
  return true;
}
