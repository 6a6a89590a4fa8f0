import { expect } from 'chai';
import { foldLine, unfoldLines } from '../../../src/adapters/formats/contentline/folding.ts';
import { escapeText, splitUnescaped, unescapeText } from '../../../src/adapters/formats/contentline/escaping.ts';
import { buildLine, parseContentLine, paramValues } from '../../../src/adapters/formats/contentline/ContentLine.ts';

describe('content lines (RFC 6350 §3.2-3.4, RFC 5545 §3.1)', () => {
  it('folds at 75 octets and never inside a UTF-8 sequence', () => {
    const line = 'NOTE:' + 'ü'.repeat(100) + '€'.repeat(30);
    const folded = foldLine(line);
    for (const physical of folded.split('\r\n')) expect(Buffer.byteLength(physical)).to.be.at.most(75);
    expect(Buffer.from(folded, 'utf8').toString('utf8')).not.to.include('\uFFFD');
    expect(unfoldLines(folded)).to.deep.equal([line]);
  });

  it('unfolds CRLF, LF, tab continuations and Open-Xchange \\r\\r\\n', () => {
    expect(unfoldLines('A:1\r\n  2\r\r\nB:x\n\ty\nC:z')).to.deep.equal(['A:1 2', 'B:xy', 'C:z']);
  });

  it('escapes and unescapes backslash, comma, semicolon and newlines', () => {
    const text = 'a\\b, c; d\r\ne\nf';
    expect(escapeText(text)).to.equal('a\\\\b\\, c\\; d\\ne\\nf');
    expect(unescapeText(escapeText(text))).to.equal('a\\b, c; d\ne\nf');
    expect(unescapeText('x\\Ny\\:z')).to.equal('x\ny:z');
    expect(splitUnescaped('a\\;b;c', ';')).to.deep.equal(['a\\;b', 'c']);
  });

  it('parses groups, repeated, quoted and bare parameters', () => {
    const l = parseContentLine('item1.TEL;type=CELL;TYPE="work,voice";PREF=1:+41 79')!;
    expect(l).to.include({ group: 'item1', name: 'TEL', value: '+41 79' });
    expect(paramValues(l, 'type')).to.deep.equal(['CELL', 'work,voice']);
    expect(paramValues(parseContentLine('TEL;WORK;VOICE:1')!, 'TYPE')).to.deep.equal(['WORK', 'VOICE']);
    expect(parseContentLine('DTSTART;TZID="(UTC+01:00) Bern, Rom":20250101T100000')!.params[0]!.values).to.deep.equal(['(UTC+01:00) Bern, Rom']);
    expect(parseContentLine('no colon here')).to.equal(null);
  });

  it('quotes parameter values that need it when building lines', () => {
    expect(buildLine({ name: 'DTSTART', params: [{ name: 'TZID', values: ['A, B'] }], value: '1' }).raw).to.equal('DTSTART;TZID="A, B":1');
    expect(buildLine({ group: 'item2', name: 'TEL', params: [{ name: 'TYPE', values: ['WORK', 'VOICE'] }], value: '1' }).raw).to.equal('item2.TEL;TYPE=WORK,VOICE:1');
  });
});
