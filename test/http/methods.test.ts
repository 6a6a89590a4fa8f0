import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { carddav } from '../../src/adapters/http/dav/xml/names.ts';

/** GET/HEAD representations, OPTIONS and Allow per resource, 405, and other users' trees (404). */
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const CARD = `${BOOK}brokerstar-contact-1.vcf`;
const allow = (header: unknown) => String(header ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '');

forEachDatabase('HTTP methods', (db) => {
  const app = demoAppForSuite(db);

  it('GET of a vCard is 3.0 by default and 4.0 with Accept: text/vcard; version=4.0, same ETag', async () => {
    const v3 = await dav(app, 'GET', CARD);
    expect(v3.status).to.equal(200);
    expect(v3.headers['content-type']).to.match(/^text\/vcard/);
    expect(v3.text).to.match(/^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
    const v4 = await dav(app, 'GET', CARD, { headers: { Accept: 'text/vcard; version=4.0' } });
    expect(v4.text).to.match(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
    expect(v4.headers.vary).to.match(/Accept/);
    expect(v4.headers.etag).to.equal(v3.headers.etag);
    // The same default inside addressbook-multiget without a version attribute (Outlook, macOS).
    const mget = await dav(app, 'REPORT', BOOK, {
      depth: '0',
      body: `<A:addressbook-multiget xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><A:address-data/></D:prop><D:href>${CARD}</D:href></A:addressbook-multiget>`,
    });
    // What a client's XML parser hands over: line ends normalised to LF (XML 1.0 §2.11), as with every DAV server.
    expect(mget.text).to.include('BEGIN:VCARD\r\nVERSION:3.0\r\n');
    expect(prop(parseMultistatus(mget.text).responses[0], carddav('address-data'))?.text).to.equal(v3.text.replace(/\r\n/g, '\n'));
  });

  it('GET of an event and a task serves text/calendar with the ETag', async () => {
    for (const collection of ['/dav/calendars/max.muster/brokerstar/', '/dav/calendars/max.muster/brokerstar-tasks/']) {
      const list = await dav(app, 'PROPFIND', collection, { depth: '1', body: '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>' });
      const member = parseMultistatus(list.text).responses.find((r) => r.href !== collection)!;
      const res = await dav(app, 'GET', member.href);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/calendar/);
      expect(res.text).to.match(/^BEGIN:VCALENDAR\r\n/);
      expect(res.headers.etag).to.match(/^"[^"]+"$/);
    }
  });

  it('HEAD has the headers of GET and no body', async () => {
    const get = await dav(app, 'GET', CARD);
    const head = await dav(app, 'HEAD', CARD);
    expect(head.status).to.equal(200);
    expect(head.headers.etag).to.equal(get.headers.etag);
    expect(head.headers['content-type']).to.equal(get.headers['content-type']);
    expect(Number(head.headers['content-length'])).to.equal(Buffer.byteLength(get.text, 'utf8'));
    expect(head.text ?? '').to.equal('');
  });

  it('OPTIONS answers the DAV classes and an Allow header derived from the resource', async () => {
    const cases: Array<[string, string[], string[]]> = [
      ['/dav/principals/max.muster/', ['PROPFIND', 'REPORT', 'OPTIONS'], ['PUT', 'DELETE', 'PROPPATCH']],
      ['/dav/calendars/max.muster/', ['PROPFIND', 'PROPPATCH', 'MKCALENDAR'], ['PUT', 'DELETE']],
      ['/dav/addressbooks/max.muster/', ['PROPFIND', 'PROPPATCH', 'MKCOL'], ['PUT', 'DELETE', 'MKCALENDAR']],
      [BOOK, ['PROPFIND', 'PROPPATCH', 'REPORT', 'GET'], ['PUT', 'DELETE']],
      [CARD, ['GET', 'HEAD', 'PUT', 'DELETE', 'PROPFIND'], ['PROPPATCH', 'MKCOL']],
    ];
    for (const [path, present, absent] of cases) {
      const res = await dav(app, 'OPTIONS', path);
      expect(res.status, path).to.equal(200);
      expect(String(res.headers.dav)).to.match(/^1, 3\b/);
      expect(allow(res.headers.allow), path).to.include.members(present);
      for (const m of absent) expect(allow(res.headers.allow), `${path} ${m}`).to.not.include(m);
    }
  });

  it('an unsupported method gets 405 with Allow', async () => {
    for (const [method, path] of [['POST', BOOK], ['MOVE', CARD], ['LOCK', BOOK], ['PUT', BOOK], ['DELETE', '/dav/calendars/max.muster/brokerstar/']] as const) {
      const res = await dav(app, method, path);
      expect(res.status, `${method} ${path}`).to.equal(405);
      expect(allow(res.headers.allow)).to.include('PROPFIND');
      expect(allow(res.headers.allow)).to.not.include(method);
    }
  });

  it("another user's principal, homes, collections and objects are 404, exactly like paths that do not exist", async () => {
    const other = [
      '/dav/principals/sandra.keller/',
      '/dav/calendars/sandra.keller/',
      '/dav/addressbooks/sandra.keller/',
      '/dav/calendars/sandra.keller/brokerstar/',
      '/dav/addressbooks/sandra.keller/brokerstar/',
      '/dav/addressbooks/sandra.keller/brokerstar/brokerstar-contact-1.vcf',
    ];
    const missing = ['/dav/principals/nobody.here/', '/dav/addressbooks/nobody.here/brokerstar/', `${BOOK}does-not-exist.vcf`, '/dav/nowhere/'];
    for (const path of [...other, ...missing]) {
      // OPTIONS on a free name in one's own collection is 200 (Allow shows PUT to create it).
      for (const method of path.startsWith(BOOK) ? ['PROPFIND', 'GET'] : ['PROPFIND', 'GET', 'OPTIONS']) {
        const res = await dav(app, method, path, method === 'PROPFIND' ? { depth: '0' } : {});
        expect(res.status, `${method} ${path}`).to.equal(404);
        expect(res.text ?? '').to.not.contain('sandra');
      }
    }
    const report = await dav(app, 'REPORT', '/dav/addressbooks/sandra.keller/brokerstar/', {
      depth: '1',
      body: '<sync-collection xmlns="DAV:"><sync-token/><sync-level>1</sync-level><prop><getetag/></prop></sync-collection>',
    });
    expect(report.status).to.equal(404);
    const put = await dav(app, 'PUT', '/dav/addressbooks/sandra.keller/brokerstar/x.vcf', {
      body: 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:X\r\nN:X;;;;\r\nEND:VCARD\r\n',
      headers: { 'Content-Type': 'text/vcard' },
    });
    expect(put.status).to.equal(404);
  });

  it('a card another user can see is not reachable through that user\'s path (max sees sandra\'s contacts via his team)', async () => {
    const mine = await dav(app, 'PROPFIND', BOOK, { depth: '1', body: '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>' });
    const name = parseMultistatus(mine.text).responses.find((r) => r.href !== BOOK)!.href.split('/').pop()!;
    const viaSandra = await dav(app, 'GET', `/dav/addressbooks/sandra.keller/brokerstar/${name}`);
    expect(viaSandra.status).to.equal(404);
  });
});
