import Koa from 'koa';
import type { Knex } from 'knex';
import request from 'supertest';
import { basic } from '../../support/davApp.ts';
import { brokerStarDav, type BrokerStarDavOptions, type BrokerStarDavMiddleware } from '../../../src/index.ts';

/** A host with the plugin, as in production; `options` as a host passes them. */
export async function setupHost(knex: Knex, options: Partial<BrokerStarDavOptions> = {}, proxy = false): Promise<{ app: Koa; plugin: BrokerStarDavMiddleware }> {
  const app = new Koa();
  app.silent = true;
  app.proxy = proxy;
  const plugin = brokerStarDav({ knex, authCacheTtlMs: 60_000, ...options });
  app.use(plugin);
  await plugin.ready;
  return { app, plugin };
}

export function getPage(app: Koa, login = 'max.muster', query = '', headers: Record<string, string> = {}) {
  let req = request(app.callback()).get(`/dav/setup${query}`).set('Authorization', basic(login));
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  return req;
}

export function csrfOf(html: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** Posts a form of the page as the browser would (same origin). */
export function postForm(app: Koa, path: string, fields: Record<string, string>, login = 'max.muster', headers: Record<string, string> = {}) {
  let req = request(app.callback()).post(`/dav/setup${path}`).set('Authorization', basic(login)).type('form');
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  return req.send(fields);
}

/** Creates an app password through the page; returns it as shown once. */
export async function createAppPassword(app: Koa, label: string, login = 'max.muster'): Promise<string> {
  const csrf = csrfOf((await getPage(app, login)).text);
  const res = await postForm(app, '/app-passwords', { csrf, label }, login);
  const m = /id="new-password">[\s\S]*?<code>([^<]+)<\/code>/.exec(res.text);
  if (res.status !== 200 || !m) throw new Error(`creating failed: ${res.status} ${res.text.slice(0, 200)}`);
  return m[1]!;
}

export function propfindAs(app: Koa, login: string, password: string, userAgent = 'DAVx5/4.4.2-ose (2024/06/18; dav4jvm; okhttp/4.12.0) Android/14') {
  return request(app.callback()).propfind(`/dav/principals/${login}/`).set('Authorization', basic(login, password)).set('Depth', '0').set('User-Agent', userAgent);
}

/** The "what I can sync" rows: kind → [synced, count, reason]. */
export function syncRows(html: string): Record<string, { synced: boolean; count: number; reason: string }> {
  const rows: Record<string, { synced: boolean; count: number; reason: string }> = {};
  for (const m of html.matchAll(/<tr data-kind="(\w+)">.*?<td class="(ok|no)">[^<]*<\/td><td class="count">(\d+)<\/td><td>(.*?)<\/td><\/tr>/g)) {
    rows[m[1]!] = { synced: m[2] === 'ok', count: Number(m[3]), reason: m[4]! };
  }
  return rows;
}
