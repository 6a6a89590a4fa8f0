import type { Context } from 'koa';

/**
 * The scheme and host the client used. Behind a TLS-terminating reverse proxy (configured with
 * `trustProxy`) they come from X-Forwarded-Proto / X-Forwarded-Host, so redirects keep https:
 * Apple clients refuse to send passwords over plain HTTP.
 */
export function externalOrigin(ctx: Context, trustProxy: boolean): string {
  const first = (header: string) => ctx.get(header).split(',')[0]?.trim() ?? '';
  const proto = (trustProxy && first('X-Forwarded-Proto')) || (ctx.req.socket && 'encrypted' in ctx.req.socket && ctx.req.socket.encrypted ? 'https' : 'http');
  const host = (trustProxy && first('X-Forwarded-Host')) || ctx.get('Host') || 'localhost';
  return `${proto}://${host}`;
}
