import { expect } from 'chai';
import fc from 'fast-check';
import type Koa from 'koa';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData } from '../support/davApp.ts';
import { fuzzSeed } from '../support/fuzzSeed.ts';
import { NOT_XML_CHAR, parseXml } from '../../src/adapters/http/dav/xml/parse.ts';
import { BOOK, CAL, TASKS, listing } from '../http/reports/reportHelpers.ts';
import { DEFAULT_SCALE, LONG_SCALE, hostileCard, hostileXmlRequest, type HostileXmlRequest } from './hostileBodies.ts';

/**
 * Issue 9 fuzzing through the HTTP layer, two users: max.muster sends hostile bodies while
 * sandra.keller (scope OWN, so nothing max creates becomes visible to her) keeps polling.
 * Properties: every answer comes below 500 and within a bound; sandra is served meanwhile and her
 * collections do not change; max's own listing is exactly what it was plus what he created; no
 * answer to max reveals sandra's private appointment; every XML answer is well-formed.
 * `FUZZ_RUNS` (default 25) and `FUZZ_SCALE=long` make the long run (`npm run fuzz`); `FUZZ_SEED` replays.
 */
const LONG = process.env.FUZZ_SCALE === 'long';
const RUNS = Number(process.env.FUZZ_RUNS ?? (LONG ? 200 : 25));
const SCALE = LONG ? LONG_SCALE : DEFAULT_SCALE;
const BOUND_MS = LONG ? 15_000 : 5_000;

const HOSTILE = 'max.muster';
const NEIGHBOUR = 'sandra.keller';
const SECRET = 'Sandra-Privat-7f3c';
const ETAG_POLL = '<propfind xmlns="DAV:"><prop><getetag/><getctag xmlns="http://calendarserver.org/ns/"/></prop></propfind>';
const TARGETS: Record<HostileXmlRequest['target'], string> = {
  book: BOOK(HOSTILE),
  calendar: CAL(HOSTILE),
  tasks: TASKS(HOSTILE),
  root: '/',
  'other-user': CAL(NEIGHBOUR),
};

function expectWellFormed(res: { status: number; text: string; headers: Record<string, string> }): void {
  if (!/xml/.test(res.headers['content-type'] ?? '') || res.text === '') return;
  // Finding 7: emitted vCard/iCalendar data included (a device's U+000B is dropped on output).
  const text = res.text;
  expect(NOT_XML_CHAR.test(text), `characters XML 1.0 cannot carry in a ${res.status} answer`).to.equal(false);
  expect(() => parseXml(text), text.slice(0, 300)).to.not.throw();
}

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} not answered within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sandra's three collections as href → ETag. */
async function neighbourView(app: Koa): Promise<Map<string, string>[]> {
  return Promise.all([BOOK(NEIGHBOUR), CAL(NEIGHBOUR), TASKS(NEIGHBOUR)].map((p) => listing(app, p, NEIGHBOUR)));
}

forEachDatabase('fuzzing: hostile XML and vCards from one user, another user unaffected', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  let neighbourBefore: Map<string, string>[];
  let ownBefore: Map<string, string>;
  const created = new Set<string>();
  let counter = 0;

  before(async function () {
    this.timeout(120_000);
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db()));
    const secret = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', 'UID:sandra-secret', 'DTSTAMP:20261101T090000Z',
      'DTSTART:20261210T090000Z', 'DTEND:20261210T100000Z', `SUMMARY:${SECRET}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const put = await dav(app, 'PUT', `${CAL(NEIGHBOUR)}secret.ics`, { as: NEIGHBOUR, body: secret, headers: { 'Content-Type': 'text/calendar' } });
    expect(put.status).to.equal(201);
    neighbourBefore = await neighbourView(app);
    ownBefore = await listing(app, BOOK(HOSTILE), HOSTILE);
  });
  after(async () => close());

  async function neighbourPoll(): Promise<void> {
    const res = await within(BOUND_MS, 'the neighbour poll', dav(app, 'PROPFIND', CAL(NEIGHBOUR), { as: NEIGHBOUR, depth: '1', body: ETAG_POLL }));
    expect(res.status).to.equal(207);
    expectWellFormed(res);
  }

  it('hostile XML bodies: below 500, within the bound, well-formed, nothing of the neighbour revealed, neighbour served meanwhile', async function () {
    this.timeout(RUNS * BOUND_MS * 2 + 60_000);
    const known = [...ownBefore.keys(), ...neighbourBefore.flatMap((m) => [...m.keys()]), `${CAL(NEIGHBOUR)}secret.ics`, 'http://evil.example/dav/x', '/dav/../../etc/passwd', '%ZZ'];
    await fc.assert(
      fc.asyncProperty(hostileXmlRequest(SCALE, known), async (r) => {
        const hostile = dav(app, r.method, TARGETS[r.target], { as: HOSTILE, body: r.body, headers: { 'Content-Type': 'application/xml; charset=utf-8', ...(r.depth ? { Depth: r.depth } : {}) } });
        const [res] = await Promise.all([within(BOUND_MS, `${r.method} ${TARGETS[r.target]}`, hostile), neighbourPoll()]);
        expect(res.status, res.text.slice(0, 300)).to.be.below(500);
        expect(res.text).to.not.contain(SECRET);
        expectWellFormed(res);
      }),
      { numRuns: RUNS, seed: fuzzSeed('hostile XML') },
    );
    expect(await neighbourView(app)).to.deep.equal(neighbourBefore);
  });

  it('hostile vCards: below 500, within the bound; the listing is exactly what it was plus what was created', async function () {
    this.timeout(RUNS * BOUND_MS * 2 + 60_000);
    const fresh = () => `fuzz-${process.pid}-${counter++}`;
    await fc.assert(
      fc.asyncProperty(hostileCard(SCALE, fresh), async (card) => {
        const put = dav(app, 'PUT', `${BOOK(HOSTILE)}${card.name}`, { as: HOSTILE, body: card.body, headers: { 'Content-Type': 'text/vcard; charset=utf-8', 'If-None-Match': '*' } });
        const [res] = await Promise.all([within(BOUND_MS, `PUT ${card.name.slice(0, 40)}`, put), neighbourPoll()]);
        expect(res.status, res.text.slice(0, 300)).to.be.below(500);
        expectWellFormed(res);
        if (res.status === 201) created.add(`${BOOK(HOSTILE)}${decodeURIComponent(card.name)}`);
        // Everything stored is served: the listing and a multiget of the new cards stay well-formed.
        const multiget = await within(BOUND_MS, 'multiget', dav(app, 'REPORT', BOOK(HOSTILE), {
          as: HOSTILE, depth: '1',
          body: `<A:addressbook-multiget xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><A:address-data/></D:prop>${[...created].map((h) => `<D:href>${encodeURI(h)}</D:href>`).join('')}</A:addressbook-multiget>`,
        }));
        expect(multiget.status).to.equal(207);
        expectWellFormed(multiget);
      }),
      { numRuns: RUNS, seed: fuzzSeed('hostile vCards') },
    );
    const own = await listing(app, BOOK(HOSTILE), HOSTILE);
    expect(new Set(own.keys())).to.deep.equal(new Set([...ownBefore.keys(), ...created]));
    for (const [href, etag] of ownBefore) expect(own.get(href), href).to.equal(etag);
    expect(await neighbourView(app)).to.deep.equal(neighbourBefore);
  });
});
