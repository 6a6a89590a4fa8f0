import { expect } from 'chai';
import { innerXml, ownString, parseXml, parseXmlYielding, XmlLimitExceeded, XmlSyntaxError, type LeavesOf } from '../../src/adapters/http/dav/xml/parse.ts';
import { DEFAULT_DAV_LIMITS, davLimits } from '../../src/adapters/http/dav/limits.ts';

const DEFAULTS = { maxDepth: DEFAULT_DAV_LIMITS.maxXmlDepth, maxElements: DEFAULT_DAV_LIMITS.maxXmlElements };

/** The request-body parser: namespaces as RFC 4918 §8.1 requires, no entities, no recursion, limits. */
describe('XML request parsing (streaming, bounded)', () => {
  it('resolves any prefix and default namespaces; attributes by local name; whitespace-only text is empty', () => {
    const root = parseXml('<A:propfind xmlns:A="DAV:"><A:prop xmlns="urn:x">\n <color a:b="1" xmlns:a="urn:a">red &amp; &#x42;lue</color> </A:prop></A:propfind>', DEFAULTS);
    expect(root.name).to.equal('{DAV:}propfind');
    const prop = root.children[0]!;
    expect(prop.name).to.equal('{DAV:}prop');
    expect(prop.text).to.equal('');
    expect(prop.children[0]).to.include({ name: '{urn:x}color', text: 'red & Blue' });
    expect(prop.children[0]!.attributes).to.deep.equal({ b: '1' });
  });

  it('refuses DOCTYPE, unknown entities, undeclared prefixes and malformed bodies as syntax errors', () => {
    for (const body of ['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', '<a>&nbsp;</a>', '<p:a/>', '<a><b></a>', 'no xml', '<a>x</a>tail']) {
      expect(() => parseXml(body, DEFAULTS), body).to.throw(XmlSyntaxError);
    }
  });

  it('a 200 000-deep body stops at the depth limit without using the call stack', () => {
    const deep = `${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}`;
    expect(() => parseXml(deep, DEFAULTS)).to.throw(XmlLimitExceeded).with.property('limit', 'depth');
  });

  it('stops at the element limit', () => {
    expect(() => parseXml(`<a>${'<b/>'.repeat(11)}</a>`, { maxDepth: 5, maxElements: 10 })).to.throw(XmlLimitExceeded).with.property('limit', 'elements');
    expect(parseXml(`<a>${'<b/>'.repeat(9)}</a>`, { maxDepth: 5, maxElements: 10 }).children).to.have.length(9);
  });

  it('the default limits admit Thunderbird\'s one multiget of a 100 000-card address book, with room to 250 000', () => {
    const href = '<D:href>/dav/addressbooks/max.muster/brokerstar/0f8fad5b-d9cb-469f-a165-70867728950e.vcf</D:href>';
    const body = `<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/></D:prop>${href.repeat(250_000)}</C:addressbook-multiget>`;
    expect(Buffer.byteLength(body)).to.be.below(DEFAULT_DAV_LIMITS.maxXmlBodyBytes);
    expect(parseXml(body, DEFAULTS).children).to.have.length(250_001);
    expect(DEFAULT_DAV_LIMITS.maxMultigetHrefs).to.be.at.least(250_000);
  });

  it('innerXml keeps a dead property value as sent, also one nested to the depth limit', () => {
    const value = parseXml('<x:v xmlns:x="urn:x"><x:a k="&quot;">1 &lt; 2</x:a><x:b/></x:v>', DEFAULTS);
    expect(innerXml(value)).to.equal('<a xmlns="urn:x" k="&quot;">1 &lt; 2</a><b xmlns="urn:x"/>');
    const deep = parseXml(`${'<a>'.repeat(60)}${'</a>'.repeat(60)}`, DEFAULTS);
    expect(innerXml(deep)).to.equal(`${'<a xmlns="">'.repeat(58)}<a xmlns=""/>${'</a>'.repeat(58)}`);
  });

  it('the yielding parse (slices of 256 KB) gives the same tree, also across slice boundaries inside text and tags', async () => {
    const href = (i: number) => `<D:href>/dav/x/Müller-😀-${i}.vcf</D:href>`;
    const body = `<D:multiget xmlns:D="DAV:">${Array.from({ length: 30_000 }, (_, i) => href(i)).join('')}</D:multiget>`;
    expect(body.length).to.be.above(3 * 256 * 1024);
    const tree = await parseXmlYielding(body, DEFAULTS);
    expect(tree).to.deep.equal(parseXml(body, DEFAULTS));
    expect(tree.children[29_999]!.text).to.equal('/dav/x/Müller-😀-29999.vcf');
    let failure: unknown;
    await parseXmlYielding(`${body.slice(0, -5)}`, DEFAULTS).catch((err) => (failure = err));
    expect(failure).to.be.instanceOf(XmlSyntaxError);
  });

  it('limits are positive integers; overrides replace defaults', () => {
    expect(davLimits({ maxMultigetHrefs: 10 }).maxMultigetHrefs).to.equal(10);
    expect(() => davLimits({ maxXmlDepth: 0 })).to.throw(/maxXmlDepth/);
    expect(() => davLimits({ maxXmlElements: Number.NaN })).to.throw(/maxXmlElements/);
    // A JavaScript host's misspelling is refused instead of ignored (found in the packed-host check).
    expect(() => davLimits({ recurenceStepsPerRequest: 50_000 } as never)).to.throw(/Unknown DAV limit recurenceStepsPerRequest; the limits are .*recurrenceStepsPerRequest/);
  });

  describe('root children collected as text (multiget hrefs, no element each)', () => {
    const collecting = () => {
      const texts: string[] = [];
      const roots: string[] = [];
      const leavesOf: LeavesOf = (root) => {
        roots.push(root);
        return root === '{urn:x}multiget' ? { name: '{DAV:}href', add: (t) => texts.push(t) } : undefined;
      };
      return { texts, roots, leavesOf };
    };

    it('hands over the text of each DAV:href child of the root, entities and CDATA resolved, and builds no element for it', async () => {
      const { texts, roots, leavesOf } = collecting();
      const body = '<m:multiget xmlns:m="urn:x" xmlns:D="DAV:"><D:prop><D:getetag/><D:href>/in/prop</D:href></D:prop>' +
        '<D:href> /a&amp;b.vcf\n</D:href><href xmlns="DAV:"><![CDATA[/c<d>.vcf]]></href><D:href>/e&#x2F;f<x:i xmlns:x="urn:x">no</x:i>.vcf</D:href>' +
        '<x:href xmlns:x="urn:other">/foreign</x:href><D:href/></m:multiget>';
      const root = await parseXmlYielding(body, DEFAULTS, leavesOf);
      expect(roots).to.deep.equal(['{urn:x}multiget']);
      expect(texts).to.deep.equal([' /a&b.vcf\n', '/c<d>.vcf', '/e/f.vcf', '']);
      expect(root.children.map((c) => c.name)).to.deep.equal(['{DAV:}prop', '{urn:other}href']);
      expect(root.children[0]!.children.map((c) => c.text)).to.deep.equal(['', '/in/prop']);
      expect(root.children[1]!.text).to.equal('/foreign');
    });

    it('another root gets its full tree', async () => {
      const { texts, leavesOf } = collecting();
      const body = '<D:sync-collection xmlns:D="DAV:"><D:href>/a</D:href></D:sync-collection>';
      const root = await parseXmlYielding(body, DEFAULTS, leavesOf);
      expect(texts).to.deep.equal([]);
      expect(root).to.deep.equal(parseXml(body, DEFAULTS));
    });

    it('collected hrefs still count against the element and depth limits, and a malformed rest is still an error', async () => {
      const hrefs = (n: number) => '<D:href>/h</D:href>'.repeat(n);
      const wrap = (inner: string) => `<m:multiget xmlns:m="urn:x" xmlns:D="DAV:">${inner}</m:multiget>`;
      const failure = (body: string, limits = DEFAULTS) => parseXmlYielding(body, limits, collecting().leavesOf).then(() => null, (err: unknown) => err);
      expect(await failure(wrap(hrefs(10)), { maxDepth: 5, maxElements: 10 })).to.be.instanceOf(XmlLimitExceeded).with.property('limit', 'elements');
      expect(await failure(wrap(hrefs(9)), { maxDepth: 5, maxElements: 10 })).to.equal(null);
      expect(await failure(wrap(`<D:href>${'<a>'.repeat(5)}${'</a>'.repeat(5)}</D:href>`), { maxDepth: 5, maxElements: 100 }))
        .to.be.instanceOf(XmlLimitExceeded).with.property('limit', 'depth');
      expect(await failure(wrap(`${hrefs(3)}<D:href>/x</D:hre>`))).to.be.instanceOf(XmlSyntaxError);
      expect(await failure(`${wrap(hrefs(3))}<D:href>/x</D:href>`)).to.be.instanceOf(XmlSyntaxError);
    });

    it('collects across the 256 KB slices the same texts the tree has', async () => {
      const href = (i: number) => `<D:href>/dav/x/Müller-😀-${i}.vcf</D:href>`;
      const body = `<m:multiget xmlns:m="urn:x" xmlns:D="DAV:">${Array.from({ length: 30_000 }, (_, i) => href(i)).join('')}</m:multiget>`;
      const { texts, leavesOf } = collecting();
      const root = await parseXmlYielding(body, DEFAULTS, leavesOf);
      expect(root.children).to.have.length(0);
      expect(texts).to.deep.equal(parseXml(body, DEFAULTS).children.map((c) => c.text));
    });

    it('ownString keeps the characters', () => {
      const body = `<a>${'/dav/addressbooks/x/'.repeat(3)}</a>`;
      const text = body.slice(3, -4);
      expect(ownString(text)).to.equal(text);
      expect(ownString('')).to.equal('');
    });
  });
});
