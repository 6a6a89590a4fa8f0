/**
 * The device flows of the comparison, written against any CalDAV/CardDAV server (`Peer`): no path
 * layout or database access is assumed, only what discovery and the collections' URLs give. Every
 * answer is checked (statuses, counts, ETags, data) on both sides: a fast wrong answer throws.
 */
import { check, DavClient, type Exchange } from '../client.ts';
import * as B from '../bodies.ts';
import { parseMultistatus, propText, syncTokenOf } from '../multistatus.ts';
import { davx5FullSync, outlookFullSync, pollOnce, thunderbirdFullSync, type PollState } from '../scenarios.ts';
import { percentile, round } from '../stats.ts';

export interface Peer {
  /** Column label, e.g. "ours (SQLite)" or "Radicale 3.1.8". */
  readonly label: string;
  readonly origin: string;
  readonly login: string;
  readonly password: string;
  readonly addressbook: string;
  readonly calendar: string;
  readonly contacts: number;
  /** Lower/upper bound of the events a time-range query must return (from the seeded rows). */
  readonly eventsBetween: (start: Date, end: Date) => readonly [number, number];
  readonly cpuSeconds: () => number;
}

/** One measured run of a flow on one peer: the time the device waited, in ms. */
export type Flow = (p: Peer) => Promise<number>;

const client = (p: Peer, ua: string) => new DavClient(p.origin, p.login, p.password, ua, 1, 1_800_000);
const samePath = (a: string, b: string) => decodeURIComponent(a).replace(/\/$/, '') === decodeURIComponent(b).replace(/\/$/, '');
const membersOf = (text: string, collection: string) => parseMultistatus(text).filter((r) => !samePath(r.href, collection));

async function withClient(p: Peer, ua: string, body: (c: DavClient) => Promise<number>): Promise<number> {
  const c = client(p, ua);
  try {
    return await body(c);
  } finally {
    c.close();
  }
}

/** OCS flow A from the bare host, for the calendar and then the address book (docs/clients.md §1.2). */
export const discovery: Flow = (p) => withClient(p, B.UA.outlook, async (c) => {
  let ms = 0;
  const step = async (status: number | number[], method: string, path: string, o: Parameters<DavClient['request']>[2]): Promise<Exchange> => {
    const e = await c.expect(status, method, path, o);
    ms += e.ms;
    return e;
  };
  const principalOf = async (kind: 'caldav' | 'carddav') => {
    let answer = await step([301, 302, 307, 308, 207], 'PROPFIND', `/.well-known/${kind}`, { depth: '0', body: B.O_CUP });
    if (answer.status !== 207) {
      check(answer.headers.location, 'well-known redirect without Location');
      answer = await step(207, 'PROPFIND', answer.headers.location, { depth: '0', body: B.O_CUP });
    }
    const principal = propText(propText(answer.text, 'current-user-principal') ?? '', 'href');
    check(principal, `${kind}: no current-user-principal`);
    return principal;
  };
  const homeOf = async (principal: string, body: string, prop: string) => {
    const e = await step(207, 'PROPFIND', principal, { depth: '0', body });
    const home = propText(propText(e.text, prop) ?? '', 'href');
    check(home, `no ${prop}`);
    return home;
  };
  const calHome = await homeOf(await principalOf('caldav'), B.O_CHS, 'calendar-home-set');
  const cals = membersOf((await step(207, 'PROPFIND', calHome, { depth: '1', body: B.O_LISTCAL })).text, calHome);
  check(cals.some((r) => samePath(r.href, p.calendar) && /calendar\s*\/>/.test(r.raw)), `calendar ${p.calendar} not listed in ${calHome}`);
  const calPriv = await step(207, 'PROPFIND', p.calendar, { depth: '0', body: B.O_PRIV });
  check(/<(?:[\w-]+:)?(write|write-content|all)\s*\/>/.test(calPriv.text), 'calendar: no write privilege');
  const abHome = await homeOf(await principalOf('carddav'), B.O_ABHS, 'addressbook-home-set');
  const books = membersOf((await step(207, 'PROPFIND', abHome, { depth: '1', body: B.O_LISTAB })).text, abHome);
  check(books.some((r) => samePath(r.href, p.addressbook) && /addressbook\s*\/>/.test(r.raw)), `address book ${p.addressbook} not listed in ${abHome}`);
  const abPriv = await step(207, 'PROPFIND', p.addressbook, { depth: '0', body: B.O_PRIV });
  check(/<(?:[\w-]+:)?(write|write-content|all)\s*\/>/.test(abPriv.text), 'address book: no write privilege');
  return ms;
});

/** Unchanged poll: PROPFIND Depth 0 getctag + sync-token on the address book and the calendar (mean per request). */
export function unchangedPoll(): Flow {
  const reference = new Map<string, PollState>();
  const clients = new Map<string, DavClient>();
  return async (p) => {
    let c = clients.get(p.label);
    if (!c) clients.set(p.label, (c = client(p, B.UA.ios)));
    let ms = 0;
    for (const path of [p.addressbook, p.calendar]) {
      const { e, state } = await pollOnce(c, path);
      const key = `${p.label} ${path}`;
      const ref = reference.get(key);
      if (!ref) reference.set(key, state);
      else check(ref.ctag === state.ctag && ref.token === state.token, `${path}: ctag changed although nothing changed`);
      ms += e.ms;
    }
    return ms / 2;
  };
}

export const outlookInitialSync: Flow = (p) => withClient(p, B.UA.outlook, async (c) => (await outlookFullSync(c, p.addressbook, p.contacts)).ms);
export const davx5InitialSync: Flow = (p) => withClient(p, B.UA.davx5, async (c) => (await davx5FullSync(c, p.addressbook, p.contacts)).ms);
export const thunderbirdInitialSync: Flow = (p) => withClient(p, B.UA.thunderbird, async (c) => (await thunderbirdFullSync(c, p.addressbook, p.contacts)).ms);

function withNote(vcard: string, note: string): string {
  const lines = vcard.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter((l) => l !== '' && !/^NOTE[;:]/i.test(l));
  lines.splice(lines.lastIndexOf('END:VCARD'), 0, `NOTE:${note}`);
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Incremental sync after 10 PUT updates (If-Match) + 2 DELETEs by another device: the syncing device
 * polls (ctag changed), sends sync-collection with its token and a multiget of the changed members;
 * exactly those 12 must come back, with the edit in the served vCard. Only the reader is timed.
 */
export function incrementalSync(): Flow {
  const state = new Map<string, { hrefs: string[]; next: number; sync: PollState; reader: DavClient; writer: DavClient }>();
  return async (p) => {
    let s = state.get(p.label);
    if (!s) {
      const reader = client(p, B.UA.davx5);
      const list = await reader.expect(207, 'PROPFIND', p.addressbook, { depth: '1', body: B.O_LIST_AB });
      const hrefs = membersOf(list.text, p.addressbook).map((r) => r.href).sort();
      const poll = await pollOnce(reader, p.addressbook);
      const sync = await reader.expect(207, 'REPORT', p.addressbook, { depth: '0', body: B.davx5Sync('') });
      const token = syncTokenOf(sync.text);
      check(token, 'sync-collection without token');
      s = { hrefs, next: 0, sync: { ctag: poll.state.ctag, token }, reader, writer: client(p, B.UA.outlook) };
      state.set(p.label, s);
    }
    const mine = s.hrefs.slice(s.next, s.next + 12);
    s.next += 12;
    check(mine.length === 12, 'not enough contacts left for another incremental run');
    const note = `Bench incremental ${s.next} ${Date.now()}`;
    const current = new Map(parseMultistatus((await s.writer.expect(207, 'REPORT', p.addressbook, { depth: '0', body: B.oMgetAb(mine) })).text).map((r) => [r.href, r]));
    const edited = mine.slice(0, 10);
    const deleted = mine.slice(10);
    for (const href of edited) {
      const card = current.get(href);
      check(card?.data && card.etag, `${href}: not served before the update`);
      const e = await s.writer.expect([200, 201, 204], 'PUT', href, { body: withNote(card.data, note), contentType: 'text/vcard; charset=utf-8', headers: { 'If-Match': card.etag } });
      check(e.headers.etag !== card.etag, `${href}: PUT kept the old ETag`);
    }
    for (const href of deleted) await s.writer.expect([200, 204], 'DELETE', href, { headers: { 'If-Match': current.get(href)!.etag! } });

    const c = s.reader;
    const poll = await pollOnce(c, p.addressbook);
    check(poll.state.ctag !== s.sync.ctag, 'ctag did not change after 12 changes');
    const sync = await c.expect(207, 'REPORT', p.addressbook, { depth: '0', body: B.davx5Sync(s.sync.token) });
    const token = syncTokenOf(sync.text);
    check(token && token !== s.sync.token, 'sync-collection: no new token');
    const answer = parseMultistatus(sync.text);
    const changed = answer.filter((r) => r.status === null).map((r) => r.href).sort();
    const removed = answer.filter((r) => r.status === 404).map((r) => r.href).sort();
    check(changed.join(' ') === [...edited].sort().join(' '), `sync-collection: changed ${changed.join(' ')}; expected ${edited.join(' ')}`);
    check(removed.join(' ') === [...deleted].sort().join(' '), `sync-collection: removed ${removed.join(' ')}; expected ${deleted.join(' ')}`);
    check(answer.length === 12, `sync-collection: ${answer.length} responses, expected 12`);
    const mget = await c.expect(207, 'REPORT', p.addressbook, { depth: '0', body: B.davx5Mget(changed) });
    const cards = parseMultistatus(mget.text);
    check(cards.length === 10 && cards.every((r) => r.status === null && r.etag && r.data?.includes(note)), 'incremental multiget: an edit is missing from the served vCards');
    s.sync = { ctag: poll.state.ctag, token };
    return poll.e.ms + sync.ms + mget.ms;
  };
}

function expandQuery(start: Date, end: Date): string {
  const utc = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/>` +
    `<C:calendar-data><C:expand start="${utc(start)}" end="${utc(end)}"/></C:calendar-data></D:prop>` +
    `<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="${utc(start)}" end="${utc(end)}"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`;
}

/** O-CQ VEVENT time-range (getetag) over [start, end); the count must lie in the seeded rows' bounds. */
export function calendarQuery(start: Date, end: Date): Flow {
  return (p) => withClient(p, B.UA.outlook, async (c) => {
    const e = await c.expect(207, 'REPORT', p.calendar, { depth: '1', body: B.oCq(start, end) });
    const found = membersOf(e.text, p.calendar);
    const [lower, upper] = p.eventsBetween(start, end);
    check(found.every((r) => r.status === null && r.etag), 'calendar-query: member without ETag');
    check(found.length >= lower && found.length <= upper && found.length > 0, `calendar-query: ${found.length} events, expected ${lower}…${upper}`);
    return e.ms;
  });
}

/** calendar-query with `<C:expand>` (RFC 4791 §9.6.5): every answer must be expanded (no RRULE left). */
export function expandedQuery(start: Date, end: Date): Flow {
  return (p) => withClient(p, B.UA.davx5, async (c) => {
    const e = await c.expect(207, 'REPORT', p.calendar, { depth: '1', body: expandQuery(start, end) });
    const found = membersOf(e.text, p.calendar);
    const [lower, upper] = p.eventsBetween(start, end);
    check(found.length >= lower && found.length <= upper && found.length > 0, `expand: ${found.length} events, expected ${lower}…${upper}`);
    for (const r of found) {
      check(r.data && r.data.includes('BEGIN:VEVENT'), `expand: ${r.href} without calendar data`);
      check(!/\nRRULE[;:]/.test(r.data), `expand: ${r.href} still has an RRULE (not expanded)`);
    }
    return e.ms;
  });
}

export interface LoadOutcome {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly serverCpuMsPerRequest: number;
  readonly firstError?: string;
}

/** `devices` clients (own keep-alive connection each) polling the address book in a closed loop. */
export async function load(p: Peer, devices: number, seconds: number): Promise<LoadOutcome> {
  const clients = Array.from({ length: devices }, () => client(p, B.UA.davx5));
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const cpuBefore = p.cpuSeconds();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(clients.map(async (c) => {
    while (performance.now() < until) {
      try {
        const { e } = await pollOnce(c, p.addressbook);
        latencies.push(e.ms);
      } catch (err) {
        errors += 1;
        firstError ??= (err as Error).message;
      }
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = p.cpuSeconds() - cpuBefore;
  for (const c of clients) c.close();
  return {
    requestsPerSecond: round(latencies.length / elapsed, 1),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    errors,
    serverCpuMsPerRequest: round((cpu * 1000) / Math.max(1, latencies.length)),
    ...(firstError ? { firstError } : {}),
  };
}
