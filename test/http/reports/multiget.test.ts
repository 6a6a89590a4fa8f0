import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases.ts';
import { createDavApp, dav, demoAppForSuite } from '../../support/davApp.ts';
import { parseMultistatus, prop } from '../../support/multistatus.ts';
import { caldav, carddav, dav as d } from '../../../src/adapters/http/dav/xml/names.ts';
import { BOOK, CAL, NS, TASKS, XML, listing, report } from './reportHelpers.ts';

const calMultiget = (hrefs: readonly string[], props = '<D:getetag/><C:calendar-data/>') =>
  `${XML}<C:calendar-multiget ${NS}><D:prop>${props}</D:prop>${hrefs.map((h) => `<D:href>${h}</D:href>`).join('')}</C:calendar-multiget>`;
const abMultiget = (hrefs: readonly string[], data = '<A:address-data/>') =>
  `${XML}<A:addressbook-multiget ${NS}><D:prop><D:getetag/>${data}</D:prop>${hrefs.map((h) => `<D:href>${h}</D:href>`).join('')}</A:addressbook-multiget>`;

forEachDatabase('REPORT calendar-multiget / addressbook-multiget', (db) => {
  const app = demoAppForSuite(db);

  for (const [label, path] of [['calendar', CAL()], ['task list', TASKS()]] as const) {
    it(`${label}: every member in one request, and in batches of 1, 2 and 10, with ETags equal to the listing`, async () => {
      const list = await listing(app, path);
      const hrefs = [...list.keys()];
      expect(hrefs.length).to.be.greaterThan(2);
      for (const size of [hrefs.length, 1, 2, 10]) {
        const seen = new Map<string, string>();
        for (let i = 0; i < hrefs.length; i += size) {
          const ms = await report(app, path, calMultiget(hrefs.slice(i, i + size)));
          for (const r of ms.responses) {
            const data = prop(r, caldav('calendar-data'))?.text ?? '';
            expect(data, r.href).to.match(/^BEGIN:VCALENDAR/);
            seen.set(r.href, prop(r, d('getetag'))!.text);
          }
        }
        expect(seen, `batch size ${size}`).to.deep.equal(list);
      }
    });
  }

  it('calendar: unknown names, other users\' hrefs, hrefs of another collection and outside /dav get one 404 each', async () => {
    const [known] = [...(await listing(app, CAL())).keys()];
    const sandras = [...(await listing(app, CAL('sandra.keller'), 'sandra.keller')).keys()];
    const sandraOnly = sandras.find((h) => !h.includes('max.muster'))!;
    const foreign = [
      `${CAL()}does-not-exist.ics`,
      `${CAL()}brokerstar-appointment-999999.ics`,
      sandraOnly,
      `${TASKS()}brokerstar-task-1.ics`,
      `${BOOK()}brokerstar-contact-1.vcf`,
      '/elsewhere/x.ics',
    ];
    const ms = await report(app, CAL(), calMultiget([known!, ...foreign]));
    expect(ms.responses.map((r) => r.href).sort()).to.deep.equal([known!, ...foreign].sort());
    for (const href of foreign) expect(ms.byHref.get(href)?.status, href).to.equal(404);
    expect(prop(ms.byHref.get(known!), d('getetag'))).to.not.equal(undefined);
  });

  it('calendar: a member the user may not see (assigned only to sandra) is 404 even under max\'s own URL', async () => {
    const maxHrefs = new Set([...(await listing(app, CAL())).keys()].map((h) => h.split('/').pop()));
    const sandraName = [...(await listing(app, CAL('sandra.keller'), 'sandra.keller')).keys()].map((h) => h.split('/').pop()!)
      .find((n) => !maxHrefs.has(n))!;
    expect(sandraName).to.be.a('string');
    const ms = await report(app, CAL(), calMultiget([`${CAL()}${sandraName}`]));
    expect(ms.responses).to.have.length(1);
    expect(ms.responses[0]!.status).to.equal(404);
  });

  it('accepts full-URL hrefs and percent-encoded hrefs, answering with the href as sent', async () => {
    const [known] = [...(await listing(app, CAL())).keys()];
    const full = `http://127.0.0.1${known}`;
    const encoded = known!.replace('brokerstar-appointment-', 'brokerstar%2Dappointment%2D').replace('max.muster', 'max%2Emuster');
    const res = await report(app, CAL(), calMultiget([full, encoded]));
    expect(res.responses).to.have.length(2);
    for (const r of res.responses) {
      expect(r.status, r.href).to.equal(null);
      expect(prop(r, caldav('calendar-data'))?.text).to.match(/^BEGIN:VCALENDAR/);
    }
    expect(res.responses.map((r) => r.href)).to.include(full);
  });

  it('DAVx5: calendar-multiget without a Depth header, 10 hrefs per request, every response with getetag', async () => {
    const list = await listing(app, CAL());
    const hrefs = [...list.keys()].slice(0, 10);
    const body = calMultiget(hrefs, '<D:getcontenttype/><D:getetag/><C:schedule-tag/><C:calendar-data/>');
    const res = await dav(app, 'REPORT', CAL(), { body });
    expect(res.status, res.text).to.equal(207);
    const ms = parseMultistatus(res.text);
    expect(ms.responses.map((r) => r.href).sort()).to.deep.equal([...hrefs].sort());
    for (const r of ms.responses) {
      expect(prop(r, d('getetag'))?.text).to.equal(list.get(r.href));
      expect(prop(r, d('getcontenttype'))?.text).to.match(/^text\/calendar/);
      expect(r.props.get(caldav('schedule-tag'))?.status, 'unknown property as 404 propstat').to.equal(404);
      expect((prop(r, caldav('calendar-data'))?.text.match(/^UID:/gm) ?? []).length, 'one UID').to.be.at.least(1);
    }
  });

  it('a device-chosen name with a space and an umlaut: found by its encoded href in either hex case', async () => {
    const body = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', 'UID:name-with-space', 'DTSTAMP:20260101T000000Z',
      'DTSTART:20261201T090000Z', 'DTEND:20261201T100000Z', 'SUMMARY:Sitzung', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const put = await dav(app, 'PUT', `${CAL()}Sitzung%20M%C3%BCller.ics`, { body, headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-None-Match': '*' } });
    expect(put.status, put.text).to.equal(201);
    expect([...(await listing(app, CAL())).keys()]).to.include(`${CAL()}Sitzung Müller.ics`);
    const hrefs = [`${CAL()}Sitzung%20M%C3%BCller.ics`, `${CAL()}Sitzung%20M%c3%bcller.ics`];
    const ms = await report(app, CAL(), calMultiget(hrefs));
    expect(ms.responses).to.have.length(2);
    for (const r of ms.responses) expect(prop(r, caldav('calendar-data'))?.text).to.match(/UID:name-with-space/);
  });

  it('duplicated hrefs are answered once each, in first-seen order (no quadratic work on repeats)', async () => {
    const [first, second] = [...(await listing(app, CAL())).keys()];
    const missing = `${CAL()}does-not-exist.ics`;
    const ms = await report(app, CAL(), calMultiget([second!, first!, second!, missing, first!, missing, second!]));
    expect(ms.responses.map((r) => r.href)).to.deep.equal([second, first, missing]);
    expect(prop(ms.byHref.get(first!), d('getetag'))?.text).to.match(/^"/);
    expect(ms.responses[2]!.status).to.equal(404);
  });

  it('20 000 copies of one href cost one response, not 20 000', async () => {
    const [known] = [...(await listing(app, BOOK())).keys()];
    const ms = await report(app, BOOK(), abMultiget(Array.from({ length: 20_000 }, () => known!), ''));
    expect(ms.responses.map((r) => r.href)).to.deep.equal([known]);
  });

  it('more distinct hrefs than the limit: 507 with DAV:number-of-matches-within-limits; duplicates do not count', async () => {
    const limited = await createDavApp(db(), { limits: { maxMultigetHrefs: 2 } });
    try {
      const [a, b, c] = [...(await listing(app, BOOK())).keys()];
      const ok = await dav(limited.app, 'REPORT', BOOK(), { depth: '0', body: abMultiget([a!, b!, a!, b!, a!], '') });
      expect(ok.status).to.equal(207);
      expect(parseMultistatus(ok.text).responses).to.have.length(2);
      const refused = await dav(limited.app, 'REPORT', BOOK(), { depth: '0', body: abMultiget([a!, b!, c!], '') });
      expect(refused.status).to.equal(507);
      expect(refused.text).to.match(/<d:error[^>]*>\s*<d:number-of-matches-within-limits\/>/);
    } finally {
      await limited.close();
    }
  });

  // Small bodies are parsed into a tree (and kept for repeats), large ones have their hrefs collected while parsing.
  for (const [size, padding] of [['small, sent twice', ''], ['large', ' '.repeat(8192)]] as const) {
    it(`hrefs with white space, entities and CDATA are answered as the text they denote; hrefs of other namespaces or inside prop are not hrefs (${size} body)`, async () => {
      const [a, b, c, e] = [...(await listing(app, BOOK())).keys()];
      const escaped = (h: string) => h.replace(/\//g, '&#x2F;').replace(/\./g, '&#46;');
      const body = `${XML}<A:addressbook-multiget ${NS} xmlns:X="urn:x"><D:prop><D:getetag/><D:href>${e}</D:href></D:prop>${padding}` +
        `<D:href>\n  ${a}\t</D:href><D:href><![CDATA[${b}]]></D:href><D:href>${escaped(a!)}</D:href><X:href>${c}</X:href>` +
        `<href xmlns="DAV:"> <![CDATA[${b}]]>\n</href><D:href>${c}</D:href></A:addressbook-multiget>`;
      for (let i = 0; i < 2; i++) {
        const ms = await report(app, BOOK(), body);
        expect(ms.responses.map((r) => r.href)).to.deep.equal([a, b, c]);
        for (const r of ms.responses) expect(prop(r, d('getetag'))?.text, r.href).to.match(/^"/);
      }
    });
  }

  it('the href limit is checked after the body and the collection: malformed is 400, an unknown collection 404, too many elements 413', async () => {
    const limited = await createDavApp(db(), { limits: { maxMultigetHrefs: 2, maxXmlElements: 50 } });
    try {
      const [a, b, c] = [...(await listing(app, BOOK())).keys()];
      const send = (path: string, body: string) => dav(limited.app, 'REPORT', path, { depth: '0', body });
      expect((await send(BOOK(), abMultiget([a!, b!, c!], ''))).status).to.equal(507);
      expect((await send(BOOK(), abMultiget([a!, b!, c!], '').replace('</A:addressbook-multiget>', ''))).status).to.equal(400);
      expect((await send('/dav/addressbooks/max.muster/nope/', abMultiget([a!, b!, c!], ''))).status).to.equal(404);
      expect((await send(BOOK(), abMultiget(Array.from({ length: 60 }, () => a!), ''))).status).to.equal(413);
      const deep = abMultiget([a!], '').replace(`<D:href>${a}</D:href>`, `<D:href>${'<D:x>'.repeat(70)}${'</D:x>'.repeat(70)}</D:href>`);
      expect((await dav(app, 'REPORT', BOOK(), { depth: '0', body: deep })).status).to.equal(400);
    } finally {
      await limited.close();
    }
  });

  it('address book: all members in one request (Thunderbird), vCard 3.0 by default', async () => {
    const list = await listing(app, BOOK());
    expect(list.size).to.be.greaterThan(10);
    const ms = await report(app, BOOK(), abMultiget([...list.keys()]), { depth: '0' });
    expect(ms.responses).to.have.length(list.size);
    for (const r of ms.responses) {
      const card = prop(r, carddav('address-data'))?.text ?? '';
      expect(card, r.href).to.match(/^BEGIN:VCARD\r?\nVERSION:3\.0/);
      expect(prop(r, d('getetag'))?.text).to.equal(list.get(r.href));
    }
  });

  it('address book: version="4.0" on address-data serves vCard 4.0; 3.0 when asked explicitly', async () => {
    const hrefs = [...(await listing(app, BOOK())).keys()].slice(0, 3);
    const v4 = await report(app, BOOK(), abMultiget(hrefs, '<A:address-data content-type="text/vcard" version="4.0"/>'));
    expect(v4.responses).to.have.length(3);
    for (const r of v4.responses) expect(prop(r, carddav('address-data'))?.text).to.match(/VERSION:4\.0/);
    const v3 = await report(app, BOOK(), abMultiget(hrefs, '<A:address-data content-type="text/vcard" version="3.0"/>'));
    for (const r of v3.responses) expect(prop(r, carddav('address-data'))?.text).to.match(/VERSION:3\.0/);
  });

  it('address book: unknown, foreign and calendar hrefs are 404 each, next to found ones', async () => {
    const [known] = [...(await listing(app, BOOK())).keys()];
    const anna = [...(await listing(app, BOOK('anna.beispiel'), 'anna.beispiel')).keys()][0]!;
    const foreign = [`${BOOK()}nope.vcf`, anna, `${CAL()}brokerstar-appointment-1.ics`];
    const ms = await report(app, BOOK(), abMultiget([known!, ...foreign]));
    expect(ms.responses).to.have.length(4);
    for (const href of foreign) expect(ms.byHref.get(href)?.status, href).to.equal(404);
    expect(prop(ms.byHref.get(known!), carddav('address-data'))?.text).to.match(/^BEGIN:VCARD/);
  });

  it('calendar-multiget on the address book and addressbook-multiget on the calendar are refused', async () => {
    const a = await dav(app, 'REPORT', BOOK(), { depth: '1', body: calMultiget([`${BOOK()}x.vcf`]) });
    const b = await dav(app, 'REPORT', CAL(), { depth: '1', body: abMultiget([`${CAL()}x.ics`]) });
    expect(a.status).to.be.oneOf([403, 501]);
    expect(b.status).to.be.oneOf([403, 501]);
  });
});
