/**
 * The benchmark scenarios. Each one drives the server over HTTP with what the real clients send
 * (docs/clients.md) and CHECKS every answer: a fast wrong answer throws `BenchCheckError`.
 * Times are what a client waits for: the sum of its sequential request times (client-side parsing
 * and checking is not counted).
 */
import type { Knex } from 'knex';
import { BenchCheckError, check, DavClient, Tally, type Exchange } from './client.ts';
import * as B from './bodies.ts';
import { parseMultistatus, propText, syncTokenOf, type MsResponse } from './multistatus.ts';
import { percentile, round, summarize, type Summary } from './stats.ts';

export interface ScenarioResult extends Summary {
  readonly name: string;
  /** Requests and bytes of ONE run (the last). */
  readonly requests: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly extra?: Record<string, unknown>;
}

export interface Target {
  readonly origin: string;
  readonly login: string;
  readonly password: string;
  readonly knex: Knex;
  readonly dbName: 'sqlite' | 'mysql';
  readonly log: (line: string) => void;
  /** CPU seconds used by the server process so far. */
  readonly serverCpuSeconds: () => number;
}

export interface Paths {
  readonly principal: string;
  readonly addressbook: string;
  readonly calendar: string;
  readonly tasks: string;
}

export function pathsOf(login: string): Paths {
  const l = encodeURIComponent(login);
  return {
    principal: `/dav/principals/${l}/`,
    addressbook: `/dav/addressbooks/${l}/brokerstar/`,
    calendar: `/dav/calendars/${l}/brokerstar/`,
    tasks: `/dav/calendars/${l}/brokerstar-tasks/`,
  };
}

/** Runs `body` `runs` times (after `warmup` unmeasured runs); `body` returns the measured ms. */
async function measure(
  name: string,
  runs: number,
  body: (tally: Tally, run: number) => Promise<number>,
  options: { warmup?: number; extra?: () => Record<string, unknown> } = {},
): Promise<ScenarioResult> {
  for (let i = 0; i < (options.warmup ?? 0); i++) await body(new Tally(), -1 - i);
  const times: number[] = [];
  let last = new Tally();
  for (let i = 0; i < runs; i++) {
    const tally = new Tally();
    times.push(await body(tally, i));
    last = tally;
  }
  return { name, ...summarize(times), requests: last.requests, bytesSent: last.bytesSent, bytesReceived: last.bytesReceived, ...(options.extra ? { extra: options.extra() } : {}) };
}

/** A client whose requests are counted into `tally` (one scenario run). */
function counted(client: DavClient, tally: Tally): DavClient {
  client.tally = tally;
  return client;
}

function members(ms: readonly MsResponse[], collection: string): MsResponse[] {
  return ms.filter((r) => r.href !== collection && r.href !== collection.replace(/\/$/, ''));
}

// ------------------------------------------------------------------------------------------------
// Discovery: Outlook CalDav Synchronizer flow A for a calendar folder and for a contacts folder.

export async function discovery(t: Target, runs: number): Promise<ScenarioResult> {
  const expected = pathsOf(t.login);
  return measure('discovery (OCS: well-known → principal → homes → collections)', runs, async (tally) => {
    const c = counted(new DavClient(t.origin, t.login, t.password, B.UA.outlook), tally);
    let ms = 0;
    const step = async (status: number | number[], method: string, path: string, o: Parameters<DavClient['request']>[2]) => {
      const e = await c.expect(status, method, path, o);
      ms += e.ms;
      return e;
    };
    try {
      // Calendar folder.
      const principal = await wellKnown('caldav');
      const chs = await step(207, 'PROPFIND', principal, { depth: '0', body: B.O_CHS });
      const calHome = propText(propText(chs.text, 'calendar-home-set') ?? '', 'href');
      check(calHome === `/dav/calendars/${encodeURIComponent(t.login)}/`, `calendar-home-set is ${calHome}`);
      const list = await step(207, 'PROPFIND', calHome, { depth: '1', body: B.O_LISTCAL });
      const cals = parseMultistatus(list.text).filter((r) => /<(?:[\w-]+:)?calendar\s*\/>/.test(r.raw) && /displayname/.test(r.raw));
      const vevent = cals.filter((r) => /name="VEVENT"/.test(r.raw)).map((r) => r.href);
      const vtodo = cals.filter((r) => /name="VTODO"/.test(r.raw)).map((r) => r.href);
      check(vevent.includes(expected.calendar), `no VEVENT calendar ${expected.calendar} in ${vevent.join(',')}`);
      check(vtodo.includes(expected.tasks), `no VTODO list ${expected.tasks} in ${vtodo.join(',')}`);
      for (const cal of new Set([...vevent, ...vtodo])) {
        const priv = await step(207, 'PROPFIND', cal, { depth: '0', body: B.O_PRIV });
        check(/<(?:[\w-]+:)?(write|write-content)\s*\/>/.test(priv.text), `${cal}: no write privilege`);
      }
      // Contacts folder.
      const principal2 = await wellKnown('carddav');
      const abhs = await step(207, 'PROPFIND', principal2, { depth: '0', body: B.O_ABHS });
      const abHome = propText(propText(abhs.text, 'addressbook-home-set') ?? '', 'href');
      check(abHome === `/dav/addressbooks/${encodeURIComponent(t.login)}/`, `addressbook-home-set is ${abHome}`);
      const abList = await step(207, 'PROPFIND', abHome, { depth: '1', body: B.O_LISTAB });
      const books = parseMultistatus(abList.text).filter((r) => /<(?:[\w-]+:)?addressbook\s*\/>/.test(r.raw) && /displayname/.test(r.raw)).map((r) => r.href);
      check(books.includes(expected.addressbook), `no address book ${expected.addressbook} in ${books.join(',')}`);
      const priv = await step(207, 'PROPFIND', expected.addressbook, { depth: '0', body: B.O_PRIV });
      check(/write/.test(priv.text), 'address book: no write privilege');
      return ms;
    } finally {
      c.close();
    }

    async function wellKnown(kind: 'caldav' | 'carddav'): Promise<string> {
      // From the bare host: PROPFIND /.well-known/<kind>, follow the 301 with the same PROPFIND.
      const first = await step([301, 302, 307, 207], 'PROPFIND', `/.well-known/${kind}`, { depth: '0', body: B.O_CUP });
      let answer: Exchange = first;
      if (first.status !== 207) {
        const location = first.headers.location;
        check(location, 'well-known redirect without Location');
        answer = await step(207, 'PROPFIND', location, { depth: '0', body: B.O_CUP });
      }
      const principal = propText(propText(answer.text, 'current-user-principal') ?? '', 'href');
      check(principal === expected.principal, `current-user-principal is ${principal}, expected ${expected.principal}`);
      return principal;
    }
  });
}

// ------------------------------------------------------------------------------------------------
// Polling.

export interface PollState {
  readonly ctag: string;
  readonly token: string;
}

export async function pollOnce(c: DavClient, path: string): Promise<{ e: Exchange; state: PollState }> {
  const e = await c.expect(207, 'PROPFIND', path, { depth: '0', body: B.POLL });
  const ctag = propText(e.text, 'getctag');
  const token = propText(e.text, 'sync-token');
  check(ctag && token, `${path}: poll answer without getctag/sync-token`);
  return { e, state: { ctag, token } };
}

/** The first poll of each collection after seeding: builds the sync index (cold). */
export async function firstPoll(t: Target): Promise<ScenarioResult> {
  const p = pathsOf(t.login);
  const c = new DavClient(t.origin, t.login, t.password, B.UA.davx5);
  try {
    const per: Record<string, number> = {};
    const result = await measure('first poll after seeding (builds the sync index; cold)', 1, async (tally) => {
      counted(c, tally);
      let ms = 0;
      for (const [k, path] of Object.entries({ addressbook: p.addressbook, calendar: p.calendar, tasks: p.tasks })) {
        const { e } = await pollOnce(c, path);
        per[k] = round(e.ms);
        ms += e.ms;
      }
      return ms;
    }, { extra: () => ({ perCollectionMs: per }) });
    return result;
  } finally {
    c.close();
  }
}

/** Unchanged poll: PROPFIND Depth 0 getctag + sync-token on the three collections, warm connection. */
export async function unchangedPoll(t: Target, rounds: number): Promise<{ perRequest: ScenarioResult; perRound: ScenarioResult }> {
  const p = pathsOf(t.login);
  const c = new DavClient(t.origin, t.login, t.password, B.UA.ios);
  const reference = new Map<string, PollState>();
  const single: number[] = [];
  try {
    const perRound = await measure('unchanged poll, 3 collections (PROPFIND Depth 0 getctag+sync-token)', rounds, async (tally, run) => {
      counted(c, tally);
      let ms = 0;
      for (const path of [p.addressbook, p.calendar, p.tasks]) {
        const { e, state } = await pollOnce(c, path);
        const ref = reference.get(path);
        if (!ref) reference.set(path, state);
        else check(ref.ctag === state.ctag && ref.token === state.token, `${path}: ctag changed although nothing changed`);
        if (run >= 0) single.push(e.ms);
        ms += e.ms;
      }
      return ms;
    }, { warmup: Math.min(20, rounds) });
    const s = summarize(single);
    return { perRound, perRequest: { name: 'unchanged poll, one collection (per request)', ...s, requests: 1, bytesSent: Math.round(perRound.bytesSent / 3), bytesReceived: Math.round(perRound.bytesReceived / 3) } };
  } finally {
    c.close();
  }
}

/**
 * Server CPU per small request, the two requests devices send most: an unchanged poll of the
 * address book and a DAVx5 multiget of 10 cards (after a sync-collection gave the hrefs). Each
 * runs `requests` times in a row on one keep-alive connection; the server process's CPU time
 * (/proc: user + system, all threads) is divided by the requests. Wall times per request too.
 */
export async function serverCpuPerRequest(t: Target, requests: number): Promise<ScenarioResult[]> {
  const path = pathsOf(t.login).addressbook;
  const c = new DavClient(t.origin, t.login, t.password, B.UA.davx5);
  try {
    const sync = await c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Sync('') });
    const hrefs = members(parseMultistatus(sync.text), path).map((r) => r.href);
    check(hrefs.length >= 10, 'server CPU: fewer than 10 cards to ask for');
    const run = async (name: string, one: (i: number) => Promise<Exchange>): Promise<ScenarioResult> => {
      for (let i = 0; i < Math.min(50, requests); i++) await one(i);
      const walls: number[] = [];
      let sent = 0;
      let received = 0;
      const cpuBefore = t.serverCpuSeconds();
      for (let i = 0; i < requests; i++) {
        const e = await one(i);
        walls.push(e.ms);
        sent = e.bytesSent;
        received = e.bytesReceived;
      }
      const serverCpuMsPerRequest = round(((t.serverCpuSeconds() - cpuBefore) * 1000) / requests, 3);
      return { name, ...summarize(walls), requests: 1, bytesSent: sent, bytesReceived: received, extra: { serverCpuMsPerRequest } };
    };
    const poll = await run('server CPU per request: unchanged poll (PROPFIND Depth 0)', () => pollOnce(c, path).then((r) => r.e));
    const multiget = await run('server CPU per request: DAVx5 multiget of 10 cards', async (i) => {
      const at = (i * 10) % (hrefs.length - 9);
      const batch = hrefs.slice(at, at + 10);
      const e = await c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Mget(batch) });
      checkCards(parseMultistatus(e.text), batch, 'DAVx5 multiget');
      return e;
    });
    return [poll, multiget];
  } finally {
    c.close();
  }
}

// ------------------------------------------------------------------------------------------------
// Initial full sync of the address book.

function checkCards(ms: readonly MsResponse[], hrefs: readonly string[], what: string): void {
  check(ms.length === hrefs.length, `${what}: ${ms.length} responses for ${hrefs.length} hrefs`);
  const wanted = new Set(hrefs);
  for (const r of ms) {
    check(wanted.has(r.href), `${what}: unexpected href ${r.href}`);
    check(r.status === null, `${what}: ${r.href} answered ${r.status}`);
    check(r.etag && r.etag.startsWith('"'), `${what}: ${r.href} without a strong ETag`);
    check(r.data && r.data.startsWith('BEGIN:VCARD') && r.data.includes('END:VCARD'), `${what}: ${r.href} without a vCard`);
  }
}

export interface FullSyncOutcome {
  readonly ms: number;
  readonly listingMs: number;
  readonly multigetMs: number;
  readonly multigetMaxMs: number;
  readonly hrefs: string[];
  readonly token?: string;
}

/** Outlook CalDav Synchronizer / iOS: O-LIST-AB (PROPFIND Depth 1), then O-MGET-AB in batches of 100. */
export async function outlookFullSync(c: DavClient, path: string, expectedCount: number): Promise<FullSyncOutcome> {
  const list = await c.expect(207, 'PROPFIND', path, { depth: '1', body: B.O_LIST_AB });
  const listed = members(parseMultistatus(list.text), path);
  check(listed.length === expectedCount, `O-LIST-AB: ${listed.length} members, expected ${expectedCount}`);
  for (const r of listed) check(r.etag && r.etag.startsWith('"'), `O-LIST-AB: ${r.href} without ETag`);
  const hrefs = listed.map((r) => r.href);
  let multigetMs = 0;
  let multigetMaxMs = 0;
  for (let i = 0; i < hrefs.length; i += 100) {
    const batch = hrefs.slice(i, i + 100);
    const e = await c.expect(207, 'REPORT', path, { depth: '0', body: B.oMgetAb(batch) });
    multigetMs += e.ms;
    multigetMaxMs = Math.max(multigetMaxMs, e.ms);
    checkCards(parseMultistatus(e.text), batch, 'O-MGET-AB');
  }
  return { ms: list.ms + multigetMs, listingMs: list.ms, multigetMs, multigetMaxMs, hrefs };
}

/** DAVx5: sync-collection with an empty token (Depth 0), then addressbook-multiget in batches of 10. */
export async function davx5FullSync(c: DavClient, path: string, expectedCount: number): Promise<FullSyncOutcome> {
  const sync = await c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Sync('') });
  const token = syncTokenOf(sync.text);
  check(token, 'sync-collection without sync-token');
  const listed = members(parseMultistatus(sync.text), path);
  check(listed.length === expectedCount, `sync-collection: ${listed.length} members, expected ${expectedCount}`);
  for (const r of listed) check(r.etag, `sync-collection: ${r.href} without ETag`);
  const hrefs = listed.map((r) => r.href);
  let multigetMs = 0;
  let multigetMaxMs = 0;
  for (let i = 0; i < hrefs.length; i += 10) {
    const batch = hrefs.slice(i, i + 10);
    const e = await c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Mget(batch) });
    multigetMs += e.ms;
    multigetMaxMs = Math.max(multigetMaxMs, e.ms);
    checkCards(parseMultistatus(e.text), batch, 'DAVx5 multiget');
  }
  return { ms: sync.ms + multigetMs, listingMs: sync.ms, multigetMs, multigetMaxMs, hrefs, token };
}

/** Thunderbird: sync-collection (empty token), then ONE addressbook-multiget with every href. */
export async function thunderbirdFullSync(c: DavClient, path: string, expectedCount: number): Promise<FullSyncOutcome> {
  const sync = await c.expect(207, 'REPORT', path, { depth: '1', body: B.thunderbirdSync('') });
  const listed = members(parseMultistatus(sync.text), path);
  check(listed.length === expectedCount, `sync-collection: ${listed.length} members, expected ${expectedCount}`);
  const hrefs = listed.map((r) => r.href);
  const e = await c.expect(207, 'REPORT', path, { depth: '1', body: B.thunderbirdMget(hrefs) });
  checkCards(parseMultistatus(e.text), hrefs, 'Thunderbird multiget');
  return { ms: sync.ms + e.ms, listingMs: sync.ms, multigetMs: e.ms, multigetMaxMs: e.ms, hrefs };
}

export type FullSyncClient = 'outlook' | 'davx5' | 'thunderbird';
const FULL_SYNC = { outlook: outlookFullSync, davx5: davx5FullSync, thunderbird: thunderbirdFullSync } as const;
const FULL_SYNC_TITLE: Record<FullSyncClient, string> = {
  outlook: 'initial full sync, Outlook/iOS (PROPFIND Depth 1 + multiget/100)',
  davx5: 'initial full sync, DAVx5 (sync-collection + multiget/10)',
  thunderbird: 'initial full sync, Thunderbird (sync-collection + one multiget)',
};

export async function fullSync(t: Target, client: FullSyncClient, runs: number, expectedCount: number, label = ''): Promise<ScenarioResult> {
  const path = pathsOf(t.login).addressbook;
  const parts = { listing: [] as number[], multiget: [] as number[], multigetMax: 0 };
  return measure(`${FULL_SYNC_TITLE[client]}${label}`, runs, async (tally) => {
    // A new device each run: its own connection.
    const c = counted(new DavClient(t.origin, t.login, t.password, B.UA[client]), tally);
    try {
      const o = await FULL_SYNC[client](c, path, expectedCount);
      parts.listing.push(o.listingMs);
      parts.multiget.push(o.multigetMs);
      parts.multigetMax = Math.max(parts.multigetMax, o.multigetMaxMs);
      return o.ms;
    } finally {
      c.close();
    }
  }, { extra: () => ({ listingMedianMs: round(percentile(parts.listing, 50)), multigetMedianMs: round(percentile(parts.multiget, 50)), slowestMultigetMs: round(parts.multigetMax), contacts: expectedCount }) });
}

// ------------------------------------------------------------------------------------------------
// Incremental sync after 10 edits and 2 deletions.

const NOTE = (tag: string) => `Bench ${tag}`;

/**
 * What a syncing device does after changes: PROPFIND Depth 0 (ctag changed), sync-collection with
 * its token, addressbook-multiget of the changed members (DAVx5 style). Checks that exactly the 10
 * edited members come back changed (with the new content) and the 2 deleted ones as 404.
 */
async function incrementalSync(c: DavClient, path: string, before: PollState, editedIds: readonly number[], deletedIds: readonly number[], note: string, nameOf: (id: number) => string): Promise<{ ms: number; state: PollState }> {
  const poll = await pollOnce(c, path);
  check(poll.state.ctag !== before.ctag, 'ctag did not change after 12 changes');
  const sync = await c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Sync(before.token) });
  const token = syncTokenOf(sync.text);
  check(token && token !== before.token, 'sync-collection: no new token');
  const ms = parseMultistatus(sync.text);
  const changed = ms.filter((r) => r.status === null);
  const removed = ms.filter((r) => r.status === 404);
  const wantChanged = new Set(editedIds.map((id) => `${path}${encodeURIComponent(nameOf(id))}`));
  const wantRemoved = new Set(deletedIds.map((id) => `${path}${encodeURIComponent(nameOf(id))}`));
  check(changed.length === wantChanged.size && changed.every((r) => wantChanged.has(r.href) && r.etag),
    `sync-collection: changed ${changed.map((r) => r.href).join(' ')}; expected ${[...wantChanged].join(' ')}`);
  check(removed.length === wantRemoved.size && removed.every((r) => wantRemoved.has(r.href)),
    `sync-collection: removed ${removed.map((r) => r.href).join(' ')}; expected ${[...wantRemoved].join(' ')}`);
  check(ms.length === changed.length + removed.length, `sync-collection: unexpected responses (${ms.length})`);
  const hrefs = changed.map((r) => r.href);
  const mget = await c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Mget(hrefs) });
  const cards = parseMultistatus(mget.text);
  checkCards(cards, hrefs, 'incremental multiget');
  for (const card of cards) check(card.data!.includes(note), `${card.href}: the edit is not in the served vCard`);
  return { ms: poll.e.ms + sync.ms + mget.ms, state: { ctag: poll.state.ctag, token } };
}

/** A device that has synced the collection once (sync-collection, empty token): its ctag and token. */
async function initialState(c: DavClient, path: string): Promise<PollState> {
  const poll = await pollOnce(c, path);
  const sync = await c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Sync('') });
  const token = syncTokenOf(sync.text);
  check(token, 'sync-collection without token');
  return { ctag: poll.state.ctag, token };
}

/** Contact ids for edits, taken from the end of the table so scenarios do not overlap. */
async function editableIds(knex: Knex, count: number, skip: number): Promise<number[]> {
  const rows: Array<{ id: number }> = await knex('contacts').orderBy('id', 'desc').offset(skip).limit(count).select('id');
  check(rows.length === count, `not enough contacts for the edit scenarios (${rows.length} < ${count})`);
  return rows.map((r) => Number(r.id)).reverse();
}

async function namesOf(knex: Knex, ids: readonly number[]): Promise<Map<number, string>> {
  const rows: Array<{ object_id: number; name: string }> = await knex('dav_objects').where('kind', 'contact').whereIn('object_id', ids).select('object_id', 'name');
  const map = new Map(rows.map((r) => [Number(r.object_id), r.name]));
  for (const id of ids) if (!map.has(id)) map.set(id, `brokerstar-contact-${id}.vcf`);
  return map;
}

/** 10 UPDATEs and 2 DELETEs straight in the database, as the BrokerStar web app writes them. */
export async function incrementalAfterSql(t: Target, runs: number, skip: number): Promise<ScenarioResult> {
  const path = pathsOf(t.login).addressbook;
  const ids = await editableIds(t.knex, runs * 12, skip);
  const names = await namesOf(t.knex, ids);
  const c = new DavClient(t.origin, t.login, t.password, B.UA.davx5);
  let state = await initialState(c, path);
  try {
    return await measure('incremental sync after 10 SQL UPDATEs + 2 DELETEs (poll + sync-collection + multiget)', runs, async (tally, run) => {
      const mine = ids.slice(run * 12, run * 12 + 12);
      const edited = mine.slice(0, 10);
      const deleted = mine.slice(10);
      const note = NOTE(`sql ${run} ${Date.now()}`);
      for (const id of edited) await t.knex('contacts').where('id', id).update({ notes: note, updated_at: new Date().toISOString().slice(0, 19).replace('T', ' ') });
      for (const id of deleted) await t.knex('contacts').where('id', id).delete();
      counted(c, tally);
      const r = await incrementalSync(c, path, state, edited, deleted, note, (id) => names.get(id)!);
      state = r.state;
      return r.ms;
    });
  } finally {
    c.close();
  }
}

/** The same 12 changes made by another device through PUT (If-Match) and DELETE (If-Match). */
export async function incrementalAfterPut(t: Target, runs: number, skip: number): Promise<{ sync: ScenarioResult; put: ScenarioResult; del: ScenarioResult }> {
  const path = pathsOf(t.login).addressbook;
  const ids = await editableIds(t.knex, runs * 12, skip);
  const names = await namesOf(t.knex, ids);
  const writer = new DavClient(t.origin, t.login, t.password, B.UA.outlook);
  const reader = new DavClient(t.origin, t.login, t.password, B.UA.davx5);
  const putTimes: number[] = [];
  const delTimes: number[] = [];
  let state = await initialState(reader, path);
  try {
    const sync = await measure('incremental sync after 10 PUT updates + 2 DELETEs from another device', runs, async (tally, run) => {
      const mine = ids.slice(run * 12, run * 12 + 12);
      const edited = mine.slice(0, 10);
      const deleted = mine.slice(10);
      const note = NOTE(`put ${run} ${Date.now()}`);
      const hrefs = mine.map((id) => `${path}${encodeURIComponent(names.get(id)!)}`);
      const current = parseMultistatus((await writer.expect(207, 'REPORT', path, { depth: '0', body: B.oMgetAb(hrefs) })).text);
      const byHref = new Map(current.map((r) => [r.href, r]));
      for (const id of edited) {
        const href = `${path}${encodeURIComponent(names.get(id)!)}`;
        const card = byHref.get(href);
        check(card?.data && card.etag, `${href}: not served before the update`);
        const body = withNote(card.data, note);
        const e = await writer.expect([200, 201, 204], 'PUT', href, { body, contentType: 'text/vcard; charset=utf-8', headers: { 'If-Match': card.etag } });
        check(e.headers.etag && e.headers.etag !== card.etag, `${href}: PUT answered without a new ETag`);
        putTimes.push(e.ms);
      }
      for (const id of deleted) {
        const href = `${path}${encodeURIComponent(names.get(id)!)}`;
        const e = await writer.expect([200, 204], 'DELETE', href, { headers: { 'If-Match': byHref.get(href)!.etag! } });
        delTimes.push(e.ms);
      }
      counted(reader, tally);
      const r = await incrementalSync(reader, path, state, edited, deleted, note, (id) => names.get(id)!);
      state = r.state;
      return r.ms;
    });
    return {
      sync,
      put: { name: 'PUT update of a contact (If-Match), during incremental scenario', ...summarize(putTimes), requests: 1, bytesSent: 0, bytesReceived: 0 },
      del: { name: 'DELETE of a contact (If-Match), during incremental scenario', ...summarize(delTimes), requests: 1, bytesSent: 0, bytesReceived: 0 },
    };
  } finally {
    writer.close();
    reader.close();
  }
}

function withNote(vcard: string, note: string): string {
  const lines = vcard.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter((l) => l !== '' && !/^NOTE[;:]/i.test(l));
  const end = lines.lastIndexOf('END:VCARD');
  lines.splice(end, 0, `NOTE:${note}`);
  return `${lines.join('\r\n')}\r\n`;
}

// ------------------------------------------------------------------------------------------------
// calendar-query.

interface ApptRow { starts_at: string; ends_at: string; rrule: string | null }

function sqlTime(s: unknown): number {
  if (typeof s === 'number') return s;
  if (s instanceof Date) return s.getTime();
  return Date.parse(`${String(s).replace(' ', 'T')}Z`);
}

/** Outlook's O-CQ for [start, end); checks the count against the appointments table. */
export async function calendarQuery(t: Target, label: string, start: Date, end: Date, runs: number, warmup: number): Promise<ScenarioResult> {
  const path = pathsOf(t.login).calendar;
  const rows: ApptRow[] = await t.knex('appointments').select('starts_at', 'ends_at', 'rrule');
  const day = 86_400_000;
  const s = start.getTime();
  const e = end.getTime();
  const single = rows.filter((r) => !r.rrule);
  const recurring = rows.filter((r) => r.rrule);
  // All-day and zoned events make the edges fuzzy by up to a day; recurring ones may or may not hit.
  const lower = single.filter((r) => sqlTime(r.starts_at) >= s + day && sqlTime(r.ends_at) <= e - day).length;
  const upper = single.filter((r) => sqlTime(r.starts_at) < e + day && sqlTime(r.ends_at) > s - day).length +
    recurring.filter((r) => sqlTime(r.starts_at) < e + day).length;
  const c = new DavClient(t.origin, t.login, t.password, B.UA.outlook);
  let count = 0;
  try {
    return await measure(`calendar-query ${label} (O-CQ VEVENT time-range, getetag)`, runs, async (tally) => {
      counted(c, tally);
      const answer = await c.expect(207, 'REPORT', path, { depth: '1', body: B.oCq(start, end) });
      const ms = members(parseMultistatus(answer.text), path);
      check(ms.every((r) => r.status === null && r.etag), 'calendar-query: member without ETag');
      check(ms.length >= lower && ms.length <= upper && ms.length > 0, `calendar-query ${label}: ${ms.length} events, expected ${lower}…${upper}`);
      count = ms.length;
      return answer.ms;
    }, { warmup, extra: () => ({ events: count, expectedRange: [lower, upper], appointments: rows.length }) });
  } finally {
    c.close();
  }
}

// ------------------------------------------------------------------------------------------------
// PUT create / update / DELETE latency.

export async function writeLatency(t: Target, runs: number): Promise<ScenarioResult[]> {
  const p = pathsOf(t.login);
  const c = new DavClient(t.origin, t.login, t.password, B.UA.outlook);
  const times: Record<string, number[]> = {};
  const add = (k: string, ms: number) => (times[k] ??= []).push(ms);
  try {
    for (let run = -2; run < runs; run++) {
      const measured = run >= 0;
      const stamp = `${process.pid}-${Date.now()}-${run + 2}`;
      // Contact (Outlook: new GUID as UID and name).
      const uid = `bench-${stamp}`;
      const href = `${p.addressbook}${uid}.vcf`;
      const created = await c.expect(201, 'PUT', href, { body: B.newVCard(uid, run + 2), contentType: 'text/vcard; charset=utf-8', headers: { 'If-None-Match': '*' } });
      check(created.headers.etag, 'PUT create: no ETag');
      const updated = await c.expect([200, 204], 'PUT', href, { body: B.newVCard(uid, run + 2, 'updated'), contentType: 'text/vcard; charset=utf-8', headers: { 'If-Match': created.headers.etag } });
      check(updated.headers.etag && updated.headers.etag !== created.headers.etag, 'PUT update: no new ETag');
      if (run === -2) {
        const got = await c.expect(200, 'GET', href);
        check(got.text.includes('NOTE:updated') && got.headers.etag === updated.headers.etag, 'GET after PUT: content or ETag differ');
      }
      const deleted = await c.expect([200, 204], 'DELETE', href, { headers: { 'If-Match': updated.headers.etag } });
      if (run === -2) await c.expect(404, 'GET', href);
      // Event.
      const euid = `bench-event-${stamp}`;
      const ehref = `${p.calendar}${euid}.ics`;
      const start = new Date(Date.now() + 7 * 86_400_000);
      const ec = await c.expect(201, 'PUT', ehref, { body: B.newEvent(euid, start, 'Bench Termin'), contentType: 'text/calendar; charset=utf-8', headers: { 'If-None-Match': '*' } });
      check(ec.headers.etag, 'PUT event create: no ETag');
      const eu = await c.expect([200, 204], 'PUT', ehref, { body: B.newEvent(euid, start, 'Bench Termin verschoben'), contentType: 'text/calendar; charset=utf-8', headers: { 'If-Match': ec.headers.etag } });
      check(eu.headers.etag && eu.headers.etag !== ec.headers.etag, 'PUT event update: no new ETag');
      const ed = await c.expect([200, 204], 'DELETE', ehref, { headers: { 'If-Match': eu.headers.etag } });
      if (measured) {
        add('contact create', created.ms);
        add('contact update', updated.ms);
        add('contact delete', deleted.ms);
        add('event create', ec.ms);
        add('event update', eu.ms);
        add('event delete', ed.ms);
      }
    }
  } finally {
    c.close();
  }
  return Object.entries(times).map(([k, v]) => ({ name: `${k === 'contact create' || k === 'event create' ? 'PUT' : k.endsWith('update') ? 'PUT' : 'DELETE'} ${k}`, ...summarize(v), requests: 1, bytesSent: 0, bytesReceived: 0 }));
}

// ------------------------------------------------------------------------------------------------
// Load: N devices, each its own user, polling and occasionally syncing.

export interface LoadResult {
  readonly name: string;
  readonly devices: number;
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  readonly syncs: number;
  readonly changesWritten: number;
  readonly keepAliveRetries: number;
  /** First contact of every device (bcrypt + initial sync of 3 collections), 8 at a time. */
  readonly warmupSeconds: number;
  readonly serverCpuSeconds: number;
  readonly serverCpuMsPerRequest: number;
  readonly benchClientCpuSeconds: number;
  readonly firstError?: string;
}

export interface Device {
  readonly login: string;
  readonly password: string;
}

/**
 * Every device loops without think time over its three collections: PROPFIND Depth 0 (ctag); when
 * the ctag changed, or on 5 % of polls anyway, a sync-collection with its last token. Meanwhile
 * the "web app" edits one shared contact per second in SQL, so devices see real changes. Bounded
 * by time and by a request cap.
 */
export async function load(t: Target, devices: readonly Device[], seconds: number, sharedContactIds: readonly number[], maxRequests = 2_000_000): Promise<LoadResult> {
  const clients = devices.map((d) => ({ d, c: new DavClient(t.origin, d.login, d.password, B.UA.davx5, 1, 120_000), p: pathsOf(d.login), state: new Map<string, PollState>() }));
  // Warm-up (not measured): authentication (bcrypt once per user) and each device's initial sync,
  // 8 devices at a time: all at once, every first request waits for every bcrypt (see README).
  const warmupStarted = performance.now();
  const queue = [...clients];
  await Promise.all(Array.from({ length: Math.min(8, clients.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { c, p, state } = next;
      for (const path of [p.addressbook, p.calendar, p.tasks]) {
        const poll = await pollOnce(c, path);
        const sync = await c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Sync('') });
        const token = syncTokenOf(sync.text);
        check(token, 'load warm-up: no token');
        state.set(path, { ctag: poll.state.ctag, token });
      }
    }
  }));
  const warmupSeconds = (performance.now() - warmupStarted) / 1000;
  const latencies: number[] = [];
  let errors = 0;
  let syncs = 0;
  let firstError: string | undefined;
  let total = 0;
  let changes = 0;
  const started = performance.now();
  const cpuBefore = t.serverCpuSeconds();
  const clientCpuBefore = process.cpuUsage();
  const deadline = started + seconds * 1000;
  let stop = false;
  const writer = (async () => {
    let i = 0;
    while (!stop && performance.now() < deadline && sharedContactIds.length > 0) {
      await new Promise((r) => setTimeout(r, 1000));
      if (stop) break;
      await t.knex('contacts').where('id', sharedContactIds[i++ % sharedContactIds.length]!).update({ notes: `load ${i}` });
      changes++;
    }
  })();
  let rng = 12345;
  const random = () => ((rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  await Promise.all(clients.map(async ({ c, p, state }) => {
    const paths = [p.addressbook, p.calendar, p.tasks];
    let i = 0;
    while (performance.now() < deadline && total < maxRequests) {
      const path = paths[i++ % 3]!;
      try {
        total++;
        const poll = await pollOnce(c, path);
        latencies.push(poll.e.ms);
        const last = state.get(path)!;
        if (poll.state.ctag !== last.ctag || random() < 0.05) {
          total++;
          syncs++;
          const sync = await c.expect(207, 'REPORT', path, { depth: '0', body: B.davx5Sync(last.token) });
          latencies.push(sync.ms);
          const token = syncTokenOf(sync.text);
          check(token, 'sync-collection without token');
          for (const r of parseMultistatus(sync.text)) check(r.status === 404 || r.etag, `${r.href}: changed member without ETag`);
          state.set(path, { ctag: poll.state.ctag, token });
        }
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
        if (!(err instanceof BenchCheckError)) await new Promise((r) => setTimeout(r, 10));
      }
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  const retries = clients.reduce((n, { c }) => n + c.retries, 0);
  const serverCpu = t.serverCpuSeconds() - cpuBefore;
  const clientCpuUs = process.cpuUsage(clientCpuBefore);
  const clientCpu = (clientCpuUs.user + clientCpuUs.system) / 1e6;
  stop = true;
  await writer;
  for (const { c } of clients) c.close();
  return {
    name: `load: ${devices.length} devices polling (PROPFIND Depth 0) + sync-collection on change`,
    devices: devices.length,
    seconds: round(elapsed),
    requests: latencies.length + errors,
    requestsPerSecond: round((latencies.length + errors) / elapsed, 0),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.reduce((a, b) => Math.max(a, b), 0)),
    errors,
    syncs,
    changesWritten: changes,
    keepAliveRetries: retries,
    warmupSeconds: round(warmupSeconds),
    serverCpuSeconds: round(serverCpu),
    serverCpuMsPerRequest: round((serverCpu * 1000) / Math.max(1, latencies.length)),
    benchClientCpuSeconds: round(clientCpu),
    ...(firstError ? { firstError } : {}),
  };
}
