import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { caldav, carddav, cs, dav as d } from '../../src/adapters/http/dav/xml/names.ts';

/** RFC 4918 §9.1 PROPFIND as any client may send it: request forms, Depth, headers, bad bodies. */
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const CAL = '/dav/calendars/max.muster/brokerstar/';
const CARD = `${BOOK}brokerstar-contact-1.vcf`;

forEachDatabase('PROPFIND', (db) => {
  const app = demoAppForSuite(db);

  it('allprop (explicit or empty body) returns the RFC 4918 live properties, not the expensive ones', async () => {
    for (const body of ['<propfind xmlns="DAV:"><allprop/></propfind>', undefined]) {
      const res = await dav(app, 'PROPFIND', BOOK, { depth: '1', ...(body ? { body } : {}) });
      expect(res.status).to.equal(207);
      const ms = parseMultistatus(res.text);
      expect(prop(ms.byHref.get(BOOK), d('resourcetype'))!.children.map((c) => c.name)).to.include(carddav('addressbook'));
      expect(prop(ms.byHref.get(BOOK), d('displayname'))?.text).to.equal('BrokerStar');
      const card = ms.byHref.get(CARD)!;
      expect(prop(card, d('getetag'))?.text).to.match(/^"[^"]+"$/);
      expect(prop(card, d('getcontenttype'))?.text).to.match(/^text\/vcard/);
      expect(card.props.has(carddav('address-data')), 'no bodies in allprop').to.equal(false);
      expect(res.text).to.not.contain('404 Not Found');
    }
  });

  it('allprop on the principal and the homes answers 200 with resourcetype and displayname', async () => {
    for (const [path, type] of [
      ['/dav/principals/max.muster/', d('principal')],
      ['/dav/calendars/max.muster/', d('collection')],
      ['/dav/addressbooks/max.muster/', d('collection')],
      ['/', d('collection')],
    ] as const) {
      const res = await dav(app, 'PROPFIND', path, { depth: '0', body: '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>' });
      expect(res.status, path).to.equal(207);
      const r = parseMultistatus(res.text).responses[0]!;
      expect(r.href).to.equal(path);
      expect(prop(r, d('resourcetype'))!.children.map((c) => c.name)).to.include(type);
      expect(prop(r, d('displayname'))?.text).to.match(/\S/);
    }
  });

  it('allprop with include adds the named live properties', async () => {
    const res = await dav(app, 'PROPFIND', CAL, {
      depth: '0',
      body: '<propfind xmlns="DAV:" xmlns:CS="http://calendarserver.org/ns/"><allprop/><include><sync-token/><CS:getctag/></include></propfind>',
    });
    const r = parseMultistatus(res.text).responses[0]!;
    expect(prop(r, d('sync-token'))?.text).to.match(/\S/);
    expect(prop(r, cs('getctag'))?.text).to.equal(prop(r, d('sync-token'))?.text);
  });

  it('propname lists names without values', async () => {
    const res = await dav(app, 'PROPFIND', CAL, { depth: '0', body: '<propfind xmlns="DAV:"><propname/></propfind>' });
    const r = parseMultistatus(res.text).responses[0]!;
    expect([...r.props.keys()]).to.include.members([d('resourcetype'), d('sync-token'), caldav('supported-calendar-component-set'), d('current-user-privilege-set')]);
    for (const [, { status, element }] of r.props) {
      expect(status).to.equal(200);
      expect(element.children).to.have.length(0);
      expect(element.text).to.equal('');
    }
  });

  it('an unknown property gets a 404 propstat next to the found ones; Prefer: return=minimal leaves it out', async () => {
    const body = '<propfind xmlns="DAV:" xmlns:X="http://example.com/ns/"><prop><displayname/><X:unknown/><getlastmodified/></prop></propfind>';
    const full = parseMultistatus((await dav(app, 'PROPFIND', CAL, { depth: '0', body })).text).responses[0]!;
    expect(full.props.get(d('displayname'))?.status).to.equal(200);
    expect(full.props.get('{http://example.com/ns/}unknown')?.status).to.equal(404);
    // getlastmodified is deliberately not offered (no modification time is stored per object).
    expect(full.props.get(d('getlastmodified'))?.status).to.equal(404);

    const minimal = await dav(app, 'PROPFIND', CAL, { depth: '0', body, headers: { Prefer: 'return=minimal' } });
    expect(minimal.headers['preference-applied']).to.equal('return=minimal');
    expect(minimal.headers.vary).to.match(/Prefer/);
    const r = parseMultistatus(minimal.text).responses[0]!;
    expect([...r.props.keys()]).to.deep.equal([d('displayname')]);
  });

  it('Prefer: return=minimal with only unknown properties still yields a valid response with a propstat', async () => {
    const res = await dav(app, 'PROPFIND', CAL, { depth: '0', body: '<propfind xmlns="DAV:"><prop><quota-used-bytes/></prop></propfind>', headers: { Brief: 't' } });
    expect(res.status).to.equal(207);
    expect(res.text).to.match(/<d:response><d:href>[^<]+<\/d:href><d:propstat><d:prop\/><d:status>HTTP\/1\.1 200 OK<\/d:status><\/d:propstat><\/d:response>/);
  });

  it('Depth: infinity is refused with 403 propfind-finite-depth', async () => {
    const res = await dav(app, 'PROPFIND', BOOK, { depth: 'infinity', body: '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>' });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('propfind-finite-depth');
  });

  it('a missing Depth header is answered like Depth 0 (never a full member listing)', async () => {
    const res = await dav(app, 'PROPFIND', BOOK, { body: '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>' });
    expect(res.status).to.equal(207);
    expect(parseMultistatus(res.text).responses.map((r) => r.href)).to.deep.equal([BOOK]);
  });

  it('an invalid Depth value is a 400', async () => {
    const res = await dav(app, 'PROPFIND', BOOK, { depth: '2', body: '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>' });
    expect(res.status).to.equal(400);
  });

  it('malformed XML, an undeclared prefix and a wrong root element are 400', async () => {
    for (const body of ['<propfind xmlns="DAV:"><prop><displayname/></propfind>', '<D:propfind><D:prop/></D:propfind>', '<prop xmlns="DAV:"><displayname/></prop>']) {
      const res = await dav(app, 'PROPFIND', CAL, { depth: '0', body });
      expect(res.status, body).to.equal(400);
    }
  });

  it('a DOCTYPE or entity declaration is refused with 400 and nothing is expanded', async () => {
    const bodies = [
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><propfind xmlns="DAV:"><prop><displayname>&lol2;</displayname></prop></propfind>',
      '<?xml version="1.0"?><!DOCTYPE propfind SYSTEM "file:///etc/passwd"><propfind xmlns="DAV:"><prop><displayname/></prop></propfind>',
    ];
    for (const body of bodies) {
      const res = await dav(app, 'PROPFIND', CAL, { depth: '0', body });
      expect(res.status).to.equal(400);
      expect(res.text).to.not.contain('lollol').and.not.contain('root:');
    }
  });

  it('any namespace prefix, a default namespace and a byte-order mark are accepted alike', async () => {
    const bodies = [
      '<D:propfind xmlns:D="DAV:"><D:prop><D:displayname/></D:prop></D:propfind>',
      '<propfind xmlns="DAV:"><prop><displayname/></prop></propfind>',
      '<zz:propfind xmlns:zz="DAV:"><zz:prop><displayname xmlns="DAV:"/></zz:prop></zz:propfind>',
      '\uFEFF<?xml version="1.0" encoding="utf-8"?><a:propfind xmlns:a="DAV:"><a:prop><a:displayname/></a:prop></a:propfind>',
    ];
    for (const body of bodies) {
      const res = await dav(app, 'PROPFIND', CAL, { depth: '0', body });
      expect(res.status, body).to.equal(207);
      expect(prop(parseMultistatus(res.text).responses[0], d('displayname'))?.text).to.equal('BrokerStar');
    }
  });

  it('every href in a listing is an absolute path, never a full URL or a relative path', async () => {
    for (const [path, depth] of [['/', '0'], ['/dav/', '0'], ['/dav/principals/', '1'], ['/dav/calendars/max.muster/', '1'], [BOOK, '1']] as const) {
      const res = await dav(app, 'PROPFIND', path, {
        depth,
        body: '<propfind xmlns="DAV:"><prop><current-user-principal/><owner/><principal-collection-set/></prop></propfind>',
      });
      const hrefs = [...res.text.matchAll(/<d:href>([^<]*)<\/d:href>/g)].map((m) => m[1]!);
      expect(hrefs.length).to.be.greaterThan(0);
      for (const href of hrefs) expect(href, href).to.match(/^\/(?!\/)/);
    }
  });

  it('getetag is strong, quoted and equal to the ETag header of GET, for cards, events and tasks', async () => {
    for (const collection of [BOOK, CAL, '/dav/calendars/max.muster/brokerstar-tasks/']) {
      const res = await dav(app, 'PROPFIND', collection, { depth: '1', body: '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>' });
      const member = parseMultistatus(res.text).responses.find((r) => r.href !== collection)!;
      const etag = prop(member, d('getetag'))!.text;
      expect(etag).to.match(/^"[^"]+"$/);
      expect(etag.startsWith('W/')).to.equal(false);
      const get = await dav(app, 'GET', member.href);
      expect(get.status).to.equal(200);
      expect(get.headers.etag).to.equal(etag);
    }
  });
});
