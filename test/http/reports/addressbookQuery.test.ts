import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases.ts';
import { dav, demoAppForSuite } from '../../support/davApp.ts';
import { prop } from '../../support/multistatus.ts';
import { parseXml } from '../../../src/adapters/http/dav/xml/parse.ts';
import { carddav, dav as d } from '../../../src/adapters/http/dav/xml/names.ts';
import { BOOK, NS, XML, listing, members, report } from './reportHelpers.ts';

const abQuery = (filter: string, opts: { test?: 'anyof' | 'allof'; limit?: number; data?: boolean } = {}) =>
  `${XML}<A:addressbook-query ${NS}><D:prop><D:getetag/>${opts.data === false ? '' : '<A:address-data/>'}</D:prop>` +
  `<A:filter${opts.test ? ` test="${opts.test}"` : ''}>${filter}</A:filter>` +
  `${opts.limit === undefined ? '' : `<A:limit><A:nresults>${opts.limit}</A:nresults></A:limit>`}</A:addressbook-query>`;
const pf = (name: string, text: string, attrs = '', propAttrs = '') =>
  `<A:prop-filter name="${name}"${propAttrs}><A:text-match${attrs}>${text}</A:text-match></A:prop-filter>`;

function fnOf(card: string): string {
  return /^FN:(.*)$/m.exec(card)?.[1]?.trim() ?? '';
}

forEachDatabase('REPORT addressbook-query', (db) => {
  const app = demoAppForSuite(db);

  async function query(filter: string, opts: Parameters<typeof abQuery>[1] = {}) {
    const ms = await report(app, BOOK(), abQuery(filter, opts));
    const cards = members(ms.responses, BOOK()).filter((r) => r.status === null)
      .map((r) => ({ href: r.href, etag: prop(r, d('getetag'))?.text, card: prop(r, carddav('address-data'))?.text ?? '' }));
    const truncated = ms.responses.some((r) => r.href === BOOK() && r.status === 507);
    return { cards, truncated, names: cards.map((c) => fnOf(c.card)) };
  }

  it('FN contains "müller" (i;unicode-casemap, the default) finds "Müller"; upper case "MÜLLER" too', async () => {
    for (const text of ['müller', 'MÜLLER', 'Müller']) {
      const { names } = await query(pf('FN', text));
      expect(names, text).to.include('Hans Müller');
      for (const n of names) expect(n.toLowerCase()).to.include('müller');
    }
    // "mueller" is not "müller" (no transliteration), but it is in his e-mail address.
    expect((await query(pf('FN', 'mueller'))).names).to.not.include('Hans Müller');
    expect((await query(pf('EMAIL', 'mueller'))).names).to.include('Hans Müller');
  });

  it('i;ascii-casemap folds only A–Z; i;octet is exact', async () => {
    expect((await query(pf('FN', 'hans müller', ' collation="i;ascii-casemap"'))).names).to.include('Hans Müller');
    expect((await query(pf('FN', 'HANS MÜLLER', ' collation="i;ascii-casemap"'))).names).to.not.include('Hans Müller');
    expect((await query(pf('FN', 'hans', ' collation="i;octet"'))).names).to.not.include('Hans Müller');
    expect((await query(pf('FN', 'Hans', ' collation="i;octet"'))).names).to.include('Hans Müller');
  });

  it('an unsupported collation is refused with CARDDAV:supported-collation (RFC 6352 §10.5.4)', async () => {
    const res = await dav(app, 'REPORT', BOOK(), { depth: '1', body: abQuery(pf('FN', 'x', ' collation="i;klingon"')) });
    expect(res.status).to.equal(403);
    const error = parseXml(res.text);
    expect(error.name).to.equal(d('error'));
    expect(error.children.map((c) => c.name)).to.include(carddav('supported-collation'));
  });

  it('match-type equals and starts-with', async () => {
    expect((await query(pf('FN', 'hans müller', ' match-type="equals"'))).names).to.deep.equal(['Hans Müller']);
    expect((await query(pf('FN', 'hans', ' match-type="equals"'))).names).to.deep.equal([]);
    const starts = (await query(pf('FN', 'hans', ' match-type="starts-with"'))).names;
    expect(starts).to.include('Hans Müller');
    for (const n of starts) expect(n.toLowerCase().startsWith('hans')).to.equal(true);
    const ends = (await query(pf('EMAIL', '@bluewin.ch', ' match-type="ends-with"'))).cards;
    expect(ends.length).to.be.greaterThan(1);
    for (const c of ends) expect(c.card).to.match(/^EMAIL[^:]*:.*@bluewin\.ch\r?$/m);
  });

  it('anyof vs allof across prop-filters', async () => {
    const hans = pf('FN', 'müller');
    const gmx = pf('EMAIL', 'gmx.ch');
    const any = (await query(hans + gmx, { test: 'anyof' })).names;
    const all = (await query(hans + gmx, { test: 'allof' })).names;
    expect(any).to.include('Hans Müller');
    expect(any).to.include('Käthi Lüthi');
    expect(all).to.deep.equal([]);
    expect((await query(hans + pf('EMAIL', 'bluewin'), { test: 'allof' })).names).to.deep.equal(['Hans Müller']);
  });

  it('prop-filter test="allof" with two text-matches; negate-condition; is-not-defined', async () => {
    const both = `<A:prop-filter name="FN" test="allof"><A:text-match>hans</A:text-match><A:text-match>müller</A:text-match></A:prop-filter>`;
    expect((await query(both)).names).to.deep.equal(['Hans Müller']);
    const total = (await listing(app, BOOK())).size;
    const notHans = (await query(pf('FN', 'müller', ' negate-condition="yes"'))).names;
    expect(notHans).to.not.include('Hans Müller');
    expect(notHans.length).to.equal(total - (await query(pf('FN', 'müller'))).names.length);
    const noEmail = await query('<A:prop-filter name="EMAIL"><A:is-not-defined/></A:prop-filter>');
    expect(noEmail.cards.length).to.be.greaterThan(0);
    for (const c of noEmail.cards) expect(c.card).to.not.match(/^EMAIL/m);
  });

  it('an empty filter matches every card with the listing\'s ETags', async () => {
    const list = await listing(app, BOOK());
    const { cards } = await query('');
    expect(new Map(cards.map((c) => [c.href, c.etag]))).to.deep.equal(list);
  });

  it('limit: at most nresults cards and then 507 number-of-matches-within-limits for the request-URI', async () => {
    const all = (await query('')).cards.length;
    expect(all).to.be.greaterThan(3);
    const limited = await query('', { limit: 3 });
    expect(limited.cards).to.have.length(3);
    expect(limited.truncated).to.equal(true);
    const exact = await query('', { limit: all });
    expect(exact.cards).to.have.length(all);
    expect(exact.truncated).to.equal(false);
    const res = await dav(app, 'REPORT', BOOK(), { depth: '1', body: abQuery('', { limit: 0 }) });
    expect(res.status).to.equal(400);
  });

  it('address-data version 4.0 is honoured in addressbook-query', async () => {
    const body = `${XML}<A:addressbook-query ${NS}><D:prop><A:address-data content-type="text/vcard" version="4.0"/></D:prop><A:filter>${pf('FN', 'müller')}</A:filter></A:addressbook-query>`;
    const ms = await report(app, BOOK(), body);
    const cards = members(ms.responses, BOOK());
    expect(cards.length).to.be.greaterThan(0);
    for (const r of cards) expect(prop(r, carddav('address-data'))?.text).to.match(/VERSION:4\.0/);
  });
});
