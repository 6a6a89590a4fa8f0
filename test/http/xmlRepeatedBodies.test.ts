import { expect } from 'chai';
import { parseXmlYielding, XmlSyntaxError, type LeavesOf, type XmlElement, type XmlParseLimits } from '../../src/adapters/http/dav/xml/parse.ts';
import { parseRepeated } from '../../src/adapters/http/dav/xml/repeatedBodies.ts';

const LIMITS: XmlParseLimits = { maxDepth: 64, maxElements: 1000 };

/** The real parser, counting how often it runs. */
function countingParser() {
  const calls = { n: 0 };
  const parse = (body: string, limits: XmlParseLimits) => {
    calls.n += 1;
    return parseXmlYielding(body, limits);
  };
  return { calls, parse };
}

describe('repeated small XML bodies (a poll\'s PROPFIND) are parsed once', () => {
  const poll = (marker: string) =>
    `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/><d:sync-token/><d:${marker}/></d:prop></d:propfind>`;

  it('answers the same body with the same tree, parsed once', async () => {
    const { calls, parse } = countingParser();
    const body = poll('a1');
    const first = await parseRepeated(body, LIMITS, parse);
    const second = await parseRepeated(body, LIMITS, parse);
    expect(second).to.equal(first);
    expect(calls.n).to.equal(1);
    expect(first.children[0]!.children.map((c) => c.local)).to.deep.equal(['getctag', 'sync-token', 'a1']);
  });

  it('hands out frozen trees: a handler cannot change what the next request gets', async () => {
    const { parse } = countingParser();
    const tree = await parseRepeated(poll('a2'), LIMITS, parse);
    expect(() => { (tree as { text: string }).text = 'x'; }).to.throw(TypeError);
    expect(() => (tree.children as XmlElement[]).push(tree)).to.throw(TypeError);
    expect(() => { (tree.children[0]!.children[0]!.attributes as Record<string, string>).x = 'y'; }).to.throw(TypeError);
  });

  it('parses again under other limits, and never keeps large bodies or errors', async () => {
    const { calls, parse } = countingParser();
    const body = poll('a3');
    await parseRepeated(body, LIMITS, parse);
    await parseRepeated(body, { ...LIMITS, maxDepth: 2 }, parse).catch(() => undefined);
    expect(calls.n).to.equal(2);

    const large = `<d:multiget xmlns:d="DAV:">${'<d:href>/x</d:href>'.repeat(400)}</d:multiget>`;
    await parseRepeated(large, LIMITS, parse);
    await parseRepeated(large, LIMITS, parse);
    expect(calls.n).to.equal(4);

    for (let i = 0; i < 2; i++) {
      const err = await parseRepeated('<d:propfind xmlns:d="DAV:">', LIMITS, parse).then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(XmlSyntaxError);
    }
    expect(calls.n).to.equal(6);
  });

  it('collects root leaves (multiget hrefs) only in a large body; a small one keeps them in its tree', async () => {
    const texts: string[] = [];
    const leavesOf: LeavesOf = () => ({ name: '{DAV:}href', add: (t) => texts.push(t) });
    const multiget = (n: number) => `<d:multiget xmlns:d="DAV:">${'<d:href>/a.vcf</d:href>'.repeat(n)}</d:multiget>`;
    const small = await parseRepeated(multiget(3), LIMITS, parseXmlYielding, leavesOf);
    expect(texts).to.deep.equal([]);
    expect(small.children.map((c) => c.text)).to.deep.equal(['/a.vcf', '/a.vcf', '/a.vcf']);
    const large = await parseRepeated(multiget(400), { maxDepth: 64, maxElements: 1000 }, parseXmlYielding, leavesOf);
    expect(texts).to.have.length(400);
    expect(large.children).to.have.length(0);
  });
});
