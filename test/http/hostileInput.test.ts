import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, demoAppForSuite, settled } from '../support/davApp.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { tableCounts } from '../support/fixtures.ts';
import { dav as d } from '../../src/adapters/http/dav/xml/names.ts';

/** Issue 9: hostile and careless request bodies, names and properties (findings 2, 3 and 9). */
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const CAL = '/dav/calendars/max.muster/brokerstar/';
const VCF = { 'Content-Type': 'text/vcard; charset=utf-8' };
const ICS = { 'Content-Type': 'text/calendar; charset=utf-8' };
const ETAG = '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>';

const card = (uid: string, note = 'ok') => ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, 'N:Hostile;Hans;;;', 'FN:Hans Hostile', `NOTE:${note}`, 'END:VCARD', ''].join('\r\n');
const event = (uid: string, summary = 'Termin') =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261101T090000Z', 'DTSTART:20261210T090000Z', 'DTEND:20261210T100000Z', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const deepPropfind = (depth: number) => `<d:propfind xmlns:d="DAV:">${'<d:prop>'.repeat(depth)}${'</d:prop>'.repeat(depth)}</d:propfind>`;

forEachDatabase('hostile request bodies and names', (db) => {
  const app = demoAppForSuite(db);

  it('a 200 000-deep PROPFIND is a fast 400, never a stack overflow, and the next request is served', async () => {
    const res = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: deepPropfind(200_000) });
    expect(res.status).to.equal(400);
    expect(res.text).to.match(/deeper than 64/);
    expect((await dav(app, 'PROPFIND', '/dav/addressbooks/sandra.keller/brokerstar/', { as: 'sandra.keller', depth: '0', body: ETAG })).status).to.equal(207);
  });

  it('more XML elements than the limit is a 413; a body within both limits is served', async () => {
    const limited = await createDavApp(db(), { limits: { maxXmlElements: 50 } });
    try {
      const many = `<propfind xmlns="DAV:"><prop>${'<getetag/>'.repeat(60)}</prop></propfind>`;
      expect((await dav(limited.app, 'PROPFIND', BOOK, { depth: '0', body: many })).status).to.equal(413);
      const few = `<propfind xmlns="DAV:"><prop>${'<getetag/>'.repeat(40)}</prop></propfind>`;
      expect((await dav(limited.app, 'PROPFIND', BOOK, { depth: '0', body: few })).status).to.equal(207);
    } finally {
      await limited.close();
    }
  });

  it('an XML body over maxXmlBodyBytes is a 413 without the PUT precondition', async () => {
    const limited = await createDavApp(db(), { limits: { maxXmlBodyBytes: 1024 } });
    try {
      const res = await dav(limited.app, 'PROPFIND', BOOK, { depth: '0', body: `<propfind xmlns="DAV:"><prop>${'<getetag/>'.repeat(200)}</prop></propfind>` });
      expect(res.status).to.equal(413);
      expect(res.text).to.not.contain('max-resource-size');
    } finally {
      await limited.close();
    }
  });

  it('an XML body with invalid UTF-8 or control characters is a 4xx, never a 500', async () => {
    const bodies = [
      Buffer.concat([Buffer.from('<propfind xmlns="DAV:"><prop><getetag/><x xmlns="urn:\u00e4">'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('</x></prop></propfind>')]),
      Buffer.from('<propfind xmlns="DAV:"><prop><getetag/>\u0000\u000b</prop></propfind>'),
      Buffer.from('<!DOCTYPE x [<!ENTITY a "aaaa">]><propfind xmlns="DAV:"><prop>&a;</prop></propfind>'),
    ];
    for (const body of bodies) {
      const res = await dav(app, 'PROPFIND', BOOK, { depth: '0', body });
      expect(res.status, res.text).to.be.within(200, 499);
    }
  });

  for (const [label, path] of [
    ['..', `${BOOK}..`],
    ['.', `${BOOK}.`],
    ['a name holding /', `${BOOK}a%2Fb.vcf`],
    ['a name holding \\', `${BOOK}a%5Cb.vcf`],
    ['a control character', `${BOOK}a%07b.vcf`],
    ['a NUL', `${BOOK}a%00b.vcf`],
    ['256 characters', `${BOOK}${'n'.repeat(252)}.vcf`],
  ] as const) {
    it(`an object named with ${label} is refused with 400 and nothing is stored`, async () => {
      await settled(app);
      const before = await tableCounts(db());
      const res = await dav(app, 'PUT', path, { body: card(`name-${label.length}-${path.length}`), headers: VCF });
      expect(res.status).to.equal(400);
      expect(await tableCounts(db())).to.deep.equal(before);
    });
  }

  it('an object name of 255 characters with an umlaut is accepted', async () => {
    const name = `${'ü'.repeat(251)}.vcf`;
    const res = await dav(app, 'PUT', `${BOOK}${encodeURIComponent(name)}`, { body: card('long-name-ok'), headers: VCF });
    expect(res.status, res.text).to.equal(201);
  });

  it('a vCard or iCalendar body that is not UTF-8 is refused with 400 valid-address-data / valid-calendar-data', async () => {
    await settled(app);
    const before = await tableCounts(db());
    const latin1Card = Buffer.from(card('latin1-card', 'Zürich'), 'latin1');
    const cardRes = await dav(app, 'PUT', `${BOOK}latin1.vcf`, { body: latin1Card, headers: VCF });
    expect(cardRes.status).to.equal(400);
    expect(cardRes.text).to.contain('valid-address-data');
    const badEvent = Buffer.concat([Buffer.from(event('bad-utf8', 'X').replace('SUMMARY:X', 'SUMMARY:')), Buffer.from([0xff, 0xfe])]);
    const eventRes = await dav(app, 'PUT', `${CAL}bad-utf8.ics`, { body: badEvent, headers: ICS });
    expect(eventRes.status).to.equal(400);
    expect(eventRes.text).to.contain('valid-calendar-data');
    expect(await tableCounts(db())).to.deep.equal(before);
  });

  it('a NUL character in a vCard or event never reaches the CRM: 400 valid-*-data', async () => {
    await settled(app);
    const before = await tableCounts(db());
    const cardRes = await dav(app, 'PUT', `${BOOK}nul.vcf`, { body: card('nul-card', 'a\u0000b'), headers: VCF });
    expect(cardRes.status).to.equal(400);
    expect(cardRes.text).to.contain('valid-address-data');
    const eventRes = await dav(app, 'PUT', `${CAL}nul.ics`, { body: event('nul-event', 'a\u0000b'), headers: ICS });
    expect(eventRes.status).to.equal(400);
    expect(eventRes.text).to.contain('valid-calendar-data');
    expect(await tableCounts(db())).to.deep.equal(before);
  });

  it('a displayname "A & B" set by PROPPATCH comes back as "A & B", escaped once', async () => {
    const set = '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>A &amp; B &lt;Büro&gt;</D:displayname></D:prop></D:set></D:propertyupdate>';
    expect((await dav(app, 'PROPPATCH', CAL, { body: set })).status).to.equal(207);
    const res = await dav(app, 'PROPFIND', CAL, { depth: '0', body: '<propfind xmlns="DAV:"><prop><displayname/></prop></propfind>' });
    expect(res.text).to.contain('A &amp; B &lt;Büro&gt;');
    expect(res.text).to.not.contain('&amp;amp;');
    expect(prop(parseMultistatus(res.text).responses[0], d('displayname'))?.text).to.equal('A & B <Büro>');
  });

  it('a PROPFIND without body on / and on the principal (body lost on the /.well-known 301) names current-user-principal', async () => {
    for (const path of ['/', '/dav/', '/dav/principals/max.muster/']) {
      const res = await dav(app, 'PROPFIND', path, { depth: '0' });
      expect(res.status, path).to.equal(207);
      expect(prop(parseMultistatus(res.text).responses[0], d('current-user-principal'))?.children[0]?.text, path).to.equal('/dav/principals/max.muster/');
    }
    // Not in every member of a listing: an allprop Depth 1 of the address book stays as it was.
    const listing = await dav(app, 'PROPFIND', BOOK, { depth: '1' });
    expect(listing.text).to.not.contain('current-user-principal');
  });
});

forEachDatabase('client (dead) properties are bounded', (db) => {
  const app = demoAppForSuite(db, { limits: { maxDeadProperties: 5, maxDeadPropertyBytes: 1024, maxDeadPropertiesTotalBytes: 3000 } });

  const setProps = (props: Record<string, string>) =>
    `<D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:x"><D:set><D:prop>${Object.entries(props).map(([k, v]) => `<X:${k}>${v}</X:${k}>`).join('')}</D:prop></D:set></D:propertyupdate>`;
  const allprop = async () => (await dav(app, 'PROPFIND', CAL, { depth: '0', body: '<propfind xmlns="DAV:"><allprop/></propfind>' })).text;

  it('a value larger than maxDeadPropertyBytes is refused with 507, the rest of the request with 424, nothing applied', async () => {
    const res = await dav(app, 'PROPPATCH', CAL, { body: setProps({ big: 'x'.repeat(2000), small: 'y' }) });
    expect(res.status).to.equal(207);
    const r = parseMultistatus(res.text).responses[0]!;
    expect(r.props.get('{urn:x}big')?.status).to.equal(507);
    expect(r.props.get('{urn:x}small')?.status).to.equal(424);
    expect(await allprop()).to.not.contain('urn:x');
  });

  it('more properties than maxDeadProperties: 507; removing makes room again; allprop stays small', async () => {
    expect(parseMultistatus((await dav(app, 'PROPPATCH', CAL, { body: setProps({ a: '1', b: '2', c: '3', e: '4', f: '5' }) })).text).responses[0]!.props.get('{urn:x}a')?.status).to.equal(200);
    const over = parseMultistatus((await dav(app, 'PROPPATCH', CAL, { body: setProps({ g: '6' }) })).text).responses[0]!;
    expect(over.props.get('{urn:x}g')?.status).to.equal(507);
    const remove = '<D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:x"><D:remove><D:prop><X:a/></D:prop></D:remove><D:set><D:prop><X:g>6</X:g></D:prop></D:set></D:propertyupdate>';
    const swapped = parseMultistatus((await dav(app, 'PROPPATCH', CAL, { body: remove })).text).responses[0]!;
    expect(swapped.props.get('{urn:x}g')?.status).to.equal(200);
    expect((await allprop()).length).to.be.below(10_000);
  });

  it('the sum of all values is bounded by maxDeadPropertiesTotalBytes', async () => {
    const res = await dav(app, 'PROPPATCH', CAL, { body: setProps({ b: 'b'.repeat(1000), c: 'c'.repeat(1000), e: 'e'.repeat(1000) }) });
    const r = parseMultistatus(res.text).responses[0]!;
    expect(r.props.get('{urn:x}b')?.status).to.equal(507);
    expect(await allprop()).to.not.contain('bbbb');
  });
});
