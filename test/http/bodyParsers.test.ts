import { expect } from 'chai';
import Koa from 'koa';
import { koaBody } from 'koa-body';
import { bodyParser } from '@koa/bodyparser';
import coBody from 'co-body';
import { forEachDatabase } from '../support/databases.ts';
import { dav, seedDemoData } from '../support/davApp.ts';
import { brokerStarDav } from '../../src/index.ts';
import { parseMultistatus } from '../support/multistatus.ts';

/**
 * BrokerStar's own server parses bodies globally before any route. A body parser in its default
 * configuration mounted BEFORE the plugin must not break device writes or DAV XML requests: the
 * plugin reads the stream when nobody did, and otherwise recovers the text the parser left.
 */
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const CAL = '/dav/calendars/max.muster/brokerstar/';
const PROPFIND_ETAG = '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>';

function vcard(uid: string, name: string): string {
  return ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `FN:${name}`, `N:${name};;;;`, 'EMAIL;TYPE=INTERNET:parser@example.ch', 'END:VCARD', ''].join('\r\n');
}
function vevent(uid: string, summary: string): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261116T080000Z',
    'DTSTART:20261120T090000Z', 'DTEND:20261120T100000Z', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

const PARSERS: Record<string, () => Koa.Middleware> = {
  'koa-body': () => koaBody() as unknown as Koa.Middleware,
  '@koa/bodyparser': () => bodyParser() as unknown as Koa.Middleware,
};

forEachDatabase('Host body parsers mounted before the plugin', (db) => {
  before(async () => seedDemoData(db()));

  for (const [parserName, parser] of Object.entries(PARSERS)) {
    describe(`${parserName} (default configuration) before brokerStarDav`, () => {
      let app: Koa;
      let plugin: ReturnType<typeof brokerStarDav>;
      before(() => {
        app = new Koa();
        app.silent = true;
        app.use(parser());
        plugin = brokerStarDav({ knex: db(), authCacheTtlMs: 60_000 });
        app.use(plugin);
        app.use((ctx) => {
          if (ctx.method === 'POST' && ctx.path === '/api/echo') ctx.body = { received: ctx.request.body };
        });
      });
      after(() => plugin.close());

      it('a device PUTs a vCard, reads it back and deletes it', async () => {
        const uid = `parser-${parserName.replace(/\W/g, '')}-${process.pid}`;
        const href = `${BOOK}${uid}.vcf`;
        const put = await dav(app, 'PUT', href, { body: vcard(uid, 'Paula Parser'), headers: { 'Content-Type': 'text/vcard; charset=utf-8', 'If-None-Match': '*' } });
        expect(put.status, put.text).to.equal(201);
        const get = await dav(app, 'GET', href);
        expect(get.text).to.contain('FN:Paula Parser');
        expect((await dav(app, 'DELETE', href)).status).to.equal(204);
      });

      it('a device PUTs an iCalendar event and reads it back', async () => {
        const uid = `parser-event-${parserName.replace(/\W/g, '')}-${process.pid}`;
        const put = await dav(app, 'PUT', `${CAL}${uid}.ics`, { body: vevent(uid, 'Parser meeting'), headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-None-Match': '*' } });
        expect(put.status, put.text).to.equal(201);
        expect((await dav(app, 'GET', `${CAL}${uid}.ics`)).text).to.contain('SUMMARY:Parser meeting');
      });

      it('PROPFIND and REPORT bodies (application/xml and text/xml) are read', async () => {
        for (const type of ['application/xml; charset=utf-8', 'text/xml']) {
          const list = await dav(app, 'PROPFIND', BOOK, { depth: '1', body: PROPFIND_ETAG, headers: { 'Content-Type': type } });
          expect(list.status).to.equal(207);
          const hrefs = parseMultistatus(list.text).responses.map((r) => r.href).filter((h) => h.endsWith('.vcf'));
          expect(hrefs.length).to.be.greaterThan(0);
          const report = await dav(app, 'REPORT', BOOK, {
            depth: '1', headers: { 'Content-Type': type },
            body: `<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/></D:prop><D:href>${hrefs[0]}</D:href></C:addressbook-multiget>`,
          });
          expect(report.status).to.equal(207);
          expect(report.text).to.contain('BEGIN:VCARD');
        }
      });

      it('the host still receives its own parsed bodies', async () => {
        const res = await dav(app, 'POST', '/api/echo', { as: null, body: '{"note":"hi"}', headers: { 'Content-Type': 'application/json' } });
        expect(res.status).to.equal(200);
        expect(JSON.parse(res.text)).to.deep.equal({ received: { note: 'hi' } });
      });
    });
  }

  it('parsers that also read DAV methods: raw text is recovered; a body turned into form fields is refused with 415', async () => {
    const app = new Koa();
    app.silent = true;
    // A host parsing forms on every method, keeping no raw text, then @koa/bodyparser reading XML on DAV methods too.
    app.use(async (ctx, next) => {
      if (ctx.is('application/x-www-form-urlencoded')) ctx.request.body = await coBody.form(ctx);
      await next();
    });
    app.use(bodyParser({ parsedMethods: ['POST', 'PUT', 'PATCH', 'PROPFIND', 'REPORT'], enableTypes: ['json', 'form', 'xml'] }) as unknown as Koa.Middleware);
    const plugin = brokerStarDav({ knex: db() });
    app.use(plugin);
    try {
      const xml = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: PROPFIND_ETAG, headers: { 'Content-Type': 'text/xml' } });
      expect(xml.status).to.equal(207);
      expect(parseMultistatus(xml.text).responses.map((r) => r.href)).to.deep.equal([BOOK]);
      const form = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(form.status).to.equal(415);
      expect(form.text).to.contain('consumed by a body parser of the host application');
    } finally {
      await plugin.close();
    }
  });

  it('a body recovered from the parser is still bounded by maxResourceSize (413)', async () => {
    const app = new Koa();
    app.silent = true;
    app.use(koaBody());
    const plugin = brokerStarDav({ knex: db(), maxResourceSize: 200 });
    app.use(plugin);
    try {
      const res = await dav(app, 'PUT', `${BOOK}big-${process.pid}.vcf`, { body: vcard('big', 'X'.repeat(400)), headers: { 'Content-Type': 'text/vcard' } });
      expect(res.status).to.equal(413);
      expect(res.text).to.contain('max-resource-size');
    } finally {
      await plugin.close();
    }
  });
});
