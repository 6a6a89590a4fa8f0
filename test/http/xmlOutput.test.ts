import { expect } from 'chai';
import { el, escapeText, escapeXml, renderNode, xmlChars } from '../../src/adapters/http/dav/xml/write.ts';
import { dav } from '../../src/adapters/http/dav/xml/names.ts';
import { expectWellFormedXml } from '../support/wellFormed.ts';
import { statusResponse, propResponse } from '../../src/adapters/http/dav/multistatus.ts';
import { multistatusBody } from '../../src/adapters/http/dav/respond.ts';

describe('XML output carries only characters XML 1.0 allows (issue 9, finding 7)', () => {
  it('drops C0 controls other than TAB/LF/CR and U+FFFE/U+FFFF; a lone surrogate becomes U+FFFD', () => {
    expect(xmlChars('a\u0000b\u0007c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh')).to.equal('abcdefgh');
    expect(xmlChars('x\uD800y\uDC00z')).to.equal('x\uFFFDy\uFFFDz');
  });

  it('text that XML can carry round-trips exactly (TAB, LF, CR, umlauts, emoji)', () => {
    const text = 'Zürich\t«Büro»\r\nZeile 2 😀 \uE000 \uFFFD';
    expect(xmlChars(text)).to.equal(text);
    expect(escapeXml('A & B <c> "d"')).to.equal('A &amp; B &lt;c&gt; &quot;d&quot;');
  });

  it('element content keeps quotes as they are (an ETag, a vCard) and escapes &, <, > and drops what XML cannot carry', () => {
    expect(escapeText('"qIc4jPzD"')).to.equal('"qIc4jPzD"');
    expect(escapeText('NOTE:Er sagte "ja" & <nein>')).to.equal('NOTE:Er sagte "ja" &amp; &lt;nein&gt;');
    expect(escapeText('a]]>b')).to.equal('a]]&gt;b');
    expect(escapeText('a\u0001"b"\uFFFF\uD83D')).to.equal('a"b"\uFFFD');
    expect(renderNode(el(dav('getetag'), '"e"'))).to.equal('<d:getetag>"e"</d:getetag>');
  });

  it('a streamed multistatus is one well-formed document whatever the chunking, every character once', async () => {
    const responses = Array.from({ length: 3000 }, (_, i) => propResponse(`/dav/a/${i}.vcf`, [{ status: 200, props: [el(dav('getetag'), `"ä${i}&"`)] }]));
    const chunks: (string | Buffer)[] = [];
    for await (const chunk of multistatusBody(responses, () => '<d:sync-token>t</d:sync-token>')) chunks.push(chunk);
    expect(chunks.length).to.be.greaterThan(2);
    expect(chunks.slice(0, -1).every((c) => Buffer.isBuffer(c))).to.equal(true);
    const body = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString('utf8');
    expectWellFormedXml(body);
    expect(body.match(/<d:response>/g)).to.have.length(3000);
    expect(body).to.include('<d:getetag>"ä2999&amp;"</d:getetag>');
    expect(body.endsWith('<d:sync-token>t</d:sync-token></d:multistatus>')).to.equal(true);
  });

  it('every emitted property, href and stored dead property is well-formed', async () => {
    const bad = 'Notiz\u0001\u000B\uDFFF';
    const response = propResponse(`/dav/x${bad}.ics`, [{ status: 200, props: [el(dav('displayname'), bad), el(dav('x-dead' as 'displayname'), { raw: `<y xmlns="urn:x">v&#1;&#x0B;&#65;${bad}</y>` })] }]);
    let body = '';
    for await (const chunk of multistatusBody([response, statusResponse(`/dav/${bad}`, 404)])) body += chunk.toString();
    expectWellFormedXml(body);
    expect(body).to.include('&#65;');
    expect(renderNode(el(dav('displayname'), bad))).to.equal('<d:displayname>Notiz\uFFFD</d:displayname>');
  });

  it('escapes exactly as before its fast path: text needing nothing is returned as it is, everything else still goes through the full check', () => {
    for (const text of ['plain', '/dav/addressbooks/max.muster/brokerstar/a.vcf', 'BEGIN:VCARD\r\nFN:Zürich\r\nEND:VCARD\r\n']) expect(escapeXml(text)).to.equal(text);
    expect(escapeXml('😀 & \uD83D')).to.equal('😀 &amp; \uFFFD');
    expect(escapeXml('a\u0001"b"\uFFFF')).to.equal('a&quot;b&quot;');
    expect(escapeXml('\uDC00😀\uD83D')).to.equal('\uFFFD😀\uFFFD');
    expect(escapeXml('a\u0001b\u001F')).to.equal('ab');
    expect(escapeXml('x\uFFFEy')).to.equal('xy');
  });

  it('writes a response\'s propstats in the RFC 4918 §14.22 shape, an empty prop as <d:prop/>', () => {
    expect(propResponse('/x', [])).to.equal('<d:response><d:href>/x</d:href><d:propstat><d:prop/><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>');
    expect(propResponse('/a&b', [
      { status: 200, props: [el(dav('getetag'), '"e"'), el('{urn:x}y', 'a<b')] },
      { status: 404, props: [el(dav('displayname'))] },
      { status: 403, props: [] },
    ])).to.equal(
      '<d:response><d:href>/a&amp;b</d:href>' +
        '<d:propstat><d:prop><d:getetag>"e"</d:getetag><x:y xmlns:x="urn:x">a&lt;b</x:y></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>' +
        '<d:propstat><d:prop><d:displayname/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>',
    );
  });
});
