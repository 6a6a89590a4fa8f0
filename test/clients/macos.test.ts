import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { hrefsIn, parseMultistatus, prop } from '../support/multistatus.ts';
import { carddav, cs, dav as d } from '../../src/adapters/http/dav/xml/names.ts';

/**
 * macOS Contacts (AddressBookCore) CardDAV account, "Einrichtung Mac OS / Kontakt Synchronisierung"
 * of the customer guide: principal probe (docs/clients.md §2.2), address book home listing, the
 * `CS:me-card` PROPPATCH that Addressbook.app may crash without (docs/clients.md §2.3), then the
 * per-book poll and addressbook-multiget, which must serve vCard 3.0 (macOS drops 4.0 cards).
 */
const MAC = { 'User-Agent': 'Mac OS X/14.5 (23F79) AddressBookCore/2487.600.111', 'Content-Type': 'text/xml' };

const PRINCIPAL_PROBE = `<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <B:addressbook-home-set xmlns:B="urn:ietf:params:xml:ns:carddav"/>
    <B:directory-gateway xmlns:B="urn:ietf:params:xml:ns:carddav"/>
    <A:displayname/>
    <C:email-address-set xmlns:C="http://calendarserver.org/ns/"/>
    <A:principal-collection-set/>
    <A:principal-URL/>
    <A:resource-id/>
    <A:supported-report-set/>
  </A:prop>
</A:propfind>`;
const HOME_LISTING = `<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <A:add-member/>
    <E:bulk-requests xmlns:E="http://me.com/_namespace/"/>
    <A:current-user-privilege-set/>
    <A:displayname/>
    <B:max-image-size xmlns:B="urn:ietf:params:xml:ns:carddav"/>
    <B:max-resource-size xmlns:B="urn:ietf:params:xml:ns:carddav"/>
    <C:me-card xmlns:C="http://calendarserver.org/ns/"/>
    <A:owner/>
    <C:push-transports xmlns:C="http://calendarserver.org/ns/"/>
    <C:pushkey xmlns:C="http://calendarserver.org/ns/"/>
    <A:quota-available-bytes/>
    <A:quota-used-bytes/>
    <A:resource-id/>
    <A:resourcetype/>
    <A:supported-report-set/>
    <A:sync-token/>
  </A:prop>
</A:propfind>`;
const meCard = (href: string) => `<?xml version="1.0" encoding="UTF-8"?>
<A:propertyupdate xmlns:A="DAV:">
  <A:set>
    <A:prop>
      <C:me-card xmlns:C="http://calendarserver.org/ns/"><A:href>${href}</A:href></C:me-card>
    </A:prop>
  </A:set>
</A:propertyupdate>`;
const POLL = `<?xml version="1.0" encoding="UTF-8"?><A:propfind xmlns:A="DAV:"><A:prop><C:getctag xmlns:C="http://calendarserver.org/ns/"/><A:sync-token/></A:prop></A:propfind>`;
const ETAGS = `<?xml version="1.0" encoding="UTF-8"?><A:propfind xmlns:A="DAV:"><A:prop><A:getcontenttype/><A:getetag/></A:prop></A:propfind>`;
const multiget = (hrefs: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<B:addressbook-multiget xmlns:B="urn:ietf:params:xml:ns:carddav">
  <A:prop xmlns:A="DAV:">
    <A:getetag/>
    <B:address-data/>
  </A:prop>
${hrefs.map((h) => `  <A:href xmlns:A="DAV:">${h}</A:href>`).join('\n')}
</B:addressbook-multiget>`;

forEachDatabase('macOS Contacts (AddressBookCore)', (db) => {
  const app = demoAppForSuite(db);

  it('principal probe → home listing → PROPPATCH me-card accepted and shown on the next listing', async () => {
    const probe = await dav(app, 'PROPFIND', '/dav/principals/max.muster/', { depth: '0', body: PRINCIPAL_PROBE, headers: MAC });
    expect(probe.status).to.equal(207);
    const principal = parseMultistatus(probe.text).responses[0]!;
    const home = hrefsIn(prop(principal, carddav('addressbook-home-set')))[0]!;
    expect(home).to.equal('/dav/addressbooks/max.muster/');
    // Without Prefer, unknown properties are listed in a 404 propstat, not an error.
    expect(principal.props.get(carddav('directory-gateway'))?.status).to.equal(404);
    expect(prop(principal, cs('email-address-set'))?.children[0]?.text).to.equal('max.muster@brokerstar-demo.ch');

    const listing = await dav(app, 'PROPFIND', home, { depth: '1', body: HOME_LISTING, headers: MAC });
    expect(listing.status).to.equal(207);
    const ms = parseMultistatus(listing.text);
    const book = ms.byHref.get('/dav/addressbooks/max.muster/brokerstar/');
    expect(prop(book, d('resourcetype'))!.children.map((c) => c.name)).to.include(carddav('addressbook'));
    expect(prop(book, d('sync-token'))?.text).to.match(/\S/);
    expect(prop(book, carddav('max-resource-size'))?.text).to.match(/^\d+$/);
    expect(ms.byHref.get(home)!.props.get(cs('me-card'))?.status).to.equal(404);

    const card = '/dav/addressbooks/max.muster/brokerstar/brokerstar-contact-1.vcf';
    const patched = await dav(app, 'PROPPATCH', home, { body: meCard(card), headers: MAC });
    expect(patched.status).to.equal(207);
    expect(parseMultistatus(patched.text).responses[0]!.props.get(cs('me-card'))?.status).to.equal(200);

    const after = await dav(app, 'PROPFIND', home, { depth: '0', body: HOME_LISTING, headers: MAC });
    expect(hrefsIn(prop(parseMultistatus(after.text).responses[0], cs('me-card')))).to.deep.equal([card]);
  });

  it('poll (getctag, Depth 1 etags) → addressbook-multiget serves vCard 3.0 with the listed ETags', async () => {
    const book = '/dav/addressbooks/max.muster/brokerstar/';
    const poll = await dav(app, 'PROPFIND', book, { depth: '0', body: POLL, headers: MAC });
    expect(prop(parseMultistatus(poll.text).responses[0], cs('getctag'))?.text).to.match(/\S/);

    const etags = await dav(app, 'PROPFIND', book, { depth: '1', body: ETAGS, headers: MAC });
    const members = parseMultistatus(etags.text).responses.filter((r) => r.href !== book);
    expect(members.length).to.be.greaterThan(0);
    for (const m of members) expect(prop(m, d('getcontenttype'))?.text).to.match(/^text\/vcard/);

    const mget = await dav(app, 'REPORT', book, { depth: '1', body: multiget(members.map((m) => m.href)), headers: MAC });
    expect(mget.status).to.equal(207);
    const cards = parseMultistatus(mget.text).responses;
    expect(cards).to.have.length(members.length);
    for (const c of cards) {
      const data = prop(c, carddav('address-data'))?.text ?? '';
      expect(data).to.match(/^BEGIN:VCARD\r?\nVERSION:3\.0\r?\n/);
      expect(data).to.not.contain('VERSION:4.0');
      expect(prop(c, d('getetag'))?.text).to.equal(prop(members.find((m) => m.href === c.href), d('getetag'))?.text);
    }
  });
});
