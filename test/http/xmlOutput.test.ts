import { expect } from 'chai';
import { el, escapeXml, renderNode, xmlChars } from '../../src/adapters/http/dav/xml/write.ts';
import { dav } from '../../src/adapters/http/dav/xml/names.ts';
import { expectWellFormedXml } from '../support/wellFormed.ts';
import { statusResponse, propResponse, multistatus } from '../../src/adapters/http/dav/multistatus.ts';

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

  it('every emitted property, href and stored dead property is well-formed', async () => {
    const bad = 'Notiz\u0001\u000B\uDFFF';
    const response = propResponse(`/dav/x${bad}.ics`, [{ status: 200, props: [el(dav('displayname'), bad), el(dav('x-dead' as 'displayname'), { raw: `<y xmlns="urn:x">v&#1;&#x0B;&#65;${bad}</y>` })] }]);
    let body = '';
    for await (const chunk of multistatus([response, statusResponse(`/dav/${bad}`, 404)])) body += chunk;
    expectWellFormedXml(body);
    expect(body).to.include('&#65;');
    expect(renderNode(el(dav('displayname'), bad))).to.equal('<d:displayname>Notiz\uFFFD</d:displayname>');
  });
});
