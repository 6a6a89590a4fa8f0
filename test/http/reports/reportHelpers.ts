import type Koa from 'koa';
import { expect } from 'chai';
import { dav } from '../../support/davApp.ts';
import { parseMultistatus, prop, type ParsedResponse } from '../../support/multistatus.ts';
import { cs, dav as d } from '../../../src/adapters/http/dav/xml/names.ts';

export const XML = `<?xml version="1.0" encoding="utf-8"?>`;
export const NS = `xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:A="urn:ietf:params:xml:ns:carddav" xmlns:CS="http://calendarserver.org/ns/"`;

export const CAL = (login = 'max.muster') => `/dav/calendars/${login}/brokerstar/`;
export const TASKS = (login = 'max.muster') => `/dav/calendars/${login}/brokerstar-tasks/`;
export const BOOK = (login = 'max.muster') => `/dav/addressbooks/${login}/brokerstar/`;

/** Sends a REPORT and expects a 207; returns the parsed multistatus. */
export async function report(app: Koa, path: string, body: string, opts: { as?: string; depth?: string } = {}) {
  const res = await dav(app, 'REPORT', path, { as: opts.as ?? 'max.muster', depth: opts.depth ?? '1', body });
  expect(res.status, res.text).to.equal(207);
  return parseMultistatus(res.text);
}

/** Member responses only (the request-URI itself excluded), by href. */
export function members(responses: readonly ParsedResponse[], collection: string): ParsedResponse[] {
  return responses.filter((r) => r.href !== collection && r.href.startsWith(collection));
}

/** Hrefs of every member of a collection with their ETags (PROPFIND Depth 1). */
export async function listing(app: Koa, path: string, as = 'max.muster'): Promise<Map<string, string>> {
  const res = await dav(app, 'PROPFIND', path, { as, depth: '1', body: `${XML}<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>` });
  expect(res.status, res.text).to.equal(207);
  const result = new Map<string, string>();
  for (const r of parseMultistatus(res.text).responses) {
    if (r.href === path) continue;
    result.set(r.href, prop(r, d('getetag'))?.text ?? '');
  }
  return result;
}

/** The poll a client does: PROPFIND Depth 0 for getctag and sync-token. */
export async function poll(app: Koa, path: string, as = 'max.muster'): Promise<{ ctag: string; token: string }> {
  const res = await dav(app, 'PROPFIND', path, {
    as, depth: '0', body: `${XML}<D:propfind ${NS}><D:prop><CS:getctag/><D:sync-token/></D:prop></D:propfind>`,
  });
  expect(res.status, res.text).to.equal(207);
  const r = parseMultistatus(res.text).responses[0];
  const ctag = prop(r, cs('getctag'))?.text ?? '';
  const token = prop(r, d('sync-token'))?.text ?? '';
  expect(ctag, 'getctag').to.not.equal('');
  expect(token, 'sync-token').to.not.equal('');
  return { ctag, token };
}

export function syncBody(token: string, props = '<D:getetag/>', limit?: number): string {
  const lim = limit === undefined ? '' : `<D:limit><D:nresults>${limit}</D:nresults></D:limit>`;
  return `${XML}<D:sync-collection ${NS}><D:sync-token>${token}</D:sync-token><D:sync-level>1</D:sync-level>${lim}<D:prop>${props}</D:prop></D:sync-collection>`;
}

export interface SyncResult {
  readonly changed: Map<string, string>;
  readonly removed: string[];
  readonly truncated: boolean;
  readonly token: string;
  readonly responses: ParsedResponse[];
}

/** sync-collection from `token`; splits the answer into changed (href → etag), removed and 507. */
export async function sync(app: Koa, path: string, token: string, opts: { as?: string; limit?: number; props?: string; depth?: string } = {}): Promise<SyncResult> {
  const ms = await report(app, path, syncBody(token, opts.props, opts.limit), { as: opts.as ?? 'max.muster', depth: opts.depth ?? '0' });
  const changed = new Map<string, string>();
  const removed: string[] = [];
  let truncated = false;
  for (const r of ms.responses) {
    if (r.href === path) {
      expect(r.status).to.equal(507);
      truncated = true;
    } else if (r.status === 404) removed.push(r.href);
    else {
      const etag = prop(r, d('getetag'))?.text;
      expect(etag, `getetag of ${r.href}`).to.be.a('string');
      changed.set(r.href, etag!);
    }
  }
  expect(ms.syncToken, 'sync-token').to.be.a('string').and.not.equal('');
  return { changed, removed, truncated, token: ms.syncToken!, responses: ms.responses };
}
