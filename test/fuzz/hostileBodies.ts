import fc from 'fast-check';

/**
 * fast-check generators of hostile request bodies (issue 9): XML nested deeply or holding huge
 * element counts, duplicated and foreign hrefs, namespace games, control characters and invalid
 * UTF-8; vCards that are broken, huge or full of control characters. `scale` grows the sizes for
 * the long run (`npm run fuzz`).
 */
export interface HostileScale {
  readonly maxDepth: number;
  readonly maxElements: number;
  readonly maxCardLines: number;
}

export const DEFAULT_SCALE: HostileScale = { maxDepth: 3_000, maxElements: 5_000, maxCardLines: 300 };
export const LONG_SCALE: HostileScale = { maxDepth: 250_000, maxElements: 300_000, maxCardLines: 20_000 };

const NAMESPACES = ['DAV:', 'urn:ietf:params:xml:ns:caldav', 'urn:ietf:params:xml:ns:carddav', 'http://calendarserver.org/ns/', 'urn:x-evil', ''];
const LOCALS = ['propfind', 'prop', 'getetag', 'href', 'allprop', 'propname', 'include', 'displayname', 'calendar-data', 'address-data',
  'addressbook-multiget', 'calendar-multiget', 'addressbook-query', 'calendar-query', 'sync-collection', 'sync-token', 'filter',
  'prop-filter', 'comp-filter', 'text-match', 'time-range', 'propertyupdate', 'set', 'remove', 'limit', 'nresults', 'expand', 'x'];

const awkwardChar = fc.constantFrom('&', '<', '>', '"', "'", ']]>', '\r', '\n', '\t', 'ä', 'ß', '😀', '\u007f', '\u0085', '\u2028', '\u200b');
const illegalChar = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u000b', '\u000c', '\u001f', '\ufffe', '\uffff', '\ud800');
const textOf = (char: fc.Arbitrary<string>) => fc.array(fc.oneof(char, fc.string({ maxLength: 8 })), { maxLength: 12 }).map((parts) => parts.join(''));
/** Text with the characters that break naive XML writers and parsers; now and then one XML 1.0 cannot carry at all. */
export const hostileText = fc.oneof({ weight: 6, arbitrary: textOf(awkwardChar) }, { weight: 1, arbitrary: textOf(fc.oneof(awkwardChar, illegalChar)) });

const escaped = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const prefix = fc.constantFrom('D', 'd', 'C', 'A', 'x', 'xmlns', 'xml', 'ns0');
const qname = fc.record({ p: fc.option(prefix, { nil: undefined }), local: fc.constantFrom(...LOCALS) }).map(({ p, local }) => (p ? `${p}:${local}` : local));
const nsDecl = fc.record({ p: fc.option(prefix, { nil: undefined }), ns: fc.constantFrom(...NAMESPACES) }).map(({ p, ns }) => (p ? ` xmlns:${p}="${ns}"` : ` xmlns="${ns}"`));

/** A random element tree with random prefixes, declarations (or none) and hostile text, built without recursion. */
const namespaceGame = fc.array(fc.record({ name: qname, decls: fc.array(nsDecl, { maxLength: 3 }), text: hostileText, close: fc.nat(3) }), { minLength: 1, maxLength: 40 })
  .map((steps) => {
    const open: string[] = [];
    let out = '';
    for (const s of steps) {
      out += `<${s.name}${s.decls.join('')}>${escaped(s.text)}`;
      open.push(s.name);
      for (let i = 0; i < s.close && open.length > 1; i++) out += `</${open.pop()}>`;
    }
    while (open.length > 0) out += `</${open.pop()}>`;
    return out;
  });

const deepNesting = (scale: HostileScale) =>
  fc.record({ depth: fc.integer({ min: 1, max: scale.maxDepth }), name: qname, closed: fc.boolean() }).map(({ depth, name, closed }) => {
    const tag = name.includes(':') ? `D:${name.split(':')[1]}` : name;
    return `<D:propfind xmlns:D="DAV:" xmlns="DAV:">${`<${tag}>`.repeat(depth)}${closed ? `</${tag}>`.repeat(depth) : ''}</D:propfind>`;
  });

const manyElements = (scale: HostileScale) =>
  fc.record({ count: fc.integer({ min: 1, max: scale.maxElements }), local: fc.constantFrom('getetag', 'displayname', 'x', 'calendar-data') }).map(
    ({ count, local }) => `<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop>${`<D:${local}/>`.repeat(count)}</D:prop></D:propfind>`,
  );

/** Multigets whose hrefs repeat (one href thousands of times), point elsewhere or are garbage. */
const multiget = (scale: HostileScale, hrefs: readonly string[]) =>
  fc.record({
    report: fc.constantFrom('A:addressbook-multiget', 'C:calendar-multiget'),
    picks: fc.array(fc.record({ href: fc.oneof(fc.constantFrom(...hrefs), hostileText.map(escaped)), copies: fc.integer({ min: 1, max: Math.max(1, Math.floor(scale.maxElements / 4)) }) }), { maxLength: 6 }),
    data: fc.boolean(),
  }).map(({ report, picks, data }) => {
    const body = picks.map((p) => `<D:href>${p.href}</D:href>`.repeat(p.copies)).join('');
    return `<${report} xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/>${data ? '<A:address-data/><C:calendar-data/>' : ''}</D:prop>${body}</${report}>`;
  });

const queries = fc.record({
  kind: fc.constantFrom('A:addressbook-query', 'C:calendar-query'),
  collation: fc.constantFrom('i;unicode-casemap', 'i;octet', 'i;ascii-casemap', 'x-evil'),
  match: fc.constantFrom('contains', 'equals', 'starts-with', 'ends-with', 'nope'),
  text: hostileText,
  start: fc.constantFrom('20260101T000000Z', '99991231T235959Z', 'garbage', ''),
  limit: fc.constantFrom('', '<A:limit><A:nresults>1</A:nresults></A:limit>', '<A:limit><A:nresults>-5</A:nresults></A:limit>'),
}).map(({ kind, collation, match, text, start, limit }) =>
  kind === 'A:addressbook-query'
    ? `<A:addressbook-query xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><A:address-data/></D:prop><A:filter test="allof"><A:prop-filter name="FN"><A:text-match collation="${collation}" match-type="${match}">${escaped(text)}</A:text-match></A:prop-filter><A:prop-filter name="NOTE"><A:param-filter name="TYPE"><A:is-not-defined/></A:param-filter></A:prop-filter></A:filter>${limit}</A:addressbook-query>`
    : `<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="${start}"/><C:prop-filter name="SUMMARY"><C:text-match collation="${collation}">${escaped(text)}</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`,
);

const proppatch = fc.array(fc.record({ local: fc.constantFrom('displayname', 'calendar-color', 'x-one', 'x-two', 'getetag', 'resourcetype'), value: hostileText, remove: fc.boolean() }), { maxLength: 5 })
  .map((ops) => `<D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:x-evil">${ops.map((o) => {
    const name = o.local.startsWith('x-') ? `X:${o.local}` : `D:${o.local}`;
    return o.remove ? `<D:remove><D:prop><${name}/></D:prop></D:remove>` : `<D:set><D:prop><${name}>${escaped(o.value)}</${name}></D:prop></D:set>`;
  }).join('')}</D:propertyupdate>`);

/** Byte-level damage after the text was built: control bytes, invalid UTF-8, truncation, DOCTYPE. */
const damage = fc.oneof(
  { weight: 12, arbitrary: fc.constant((b: Buffer) => b) },
  fc.record({ at: fc.nat(), bytes: fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0x00], [0x0b], [0xe2, 0x82]) }).map(({ at, bytes }) => (b: Buffer) => {
    const i = at % (b.length + 1);
    return Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)]);
  }),
  fc.nat().map((at) => (b: Buffer) => b.subarray(0, at % (b.length + 1))),
  fc.constant((b: Buffer) => Buffer.concat([Buffer.from('<!DOCTYPE d [<!ENTITY e "xxxxxxxxxx">]>'), b])),
);

export interface HostileXmlRequest {
  readonly method: 'PROPFIND' | 'REPORT' | 'PROPPATCH';
  readonly target: 'book' | 'calendar' | 'tasks' | 'root' | 'other-user';
  readonly depth: string | undefined;
  readonly body: Buffer;
}

export function hostileXmlRequest(scale: HostileScale, knownHrefs: readonly string[]): fc.Arbitrary<HostileXmlRequest> {
  type Method = HostileXmlRequest['method'];
  // Each body with the method it belongs to, so that most requests get past the first check.
  const text = fc.oneof(
    deepNesting(scale).map((t) => ['PROPFIND', t] as const),
    manyElements(scale).map((t) => ['PROPFIND', t] as const),
    { weight: 2, arbitrary: multiget(scale, knownHrefs).map((t) => ['REPORT', t] as const) },
    namespaceGame.map((t) => ['PROPFIND', t] as const),
    queries.map((t) => ['REPORT', t] as const),
    proppatch.map((t) => ['PROPPATCH', t] as const),
  );
  return fc.record({
    body: fc.tuple(text, damage),
    otherMethod: fc.option(fc.constantFrom<Method>('PROPFIND', 'REPORT', 'PROPPATCH'), { freq: 5, nil: undefined }),
    target: fc.constantFrom('book', 'book', 'calendar', 'calendar', 'tasks', 'root', 'other-user') as fc.Arbitrary<HostileXmlRequest['target']>,
    depth: fc.constantFrom(undefined, '0', '1', '1', 'infinity', 'evil'),
  }).map(({ body: [[method, t], d], otherMethod, target, depth }) => ({
    method: otherMethod ?? method,
    target,
    depth,
    body: d(Buffer.from(`<?xml version="1.0" encoding="utf-8"?>${t}`, 'utf8')),
  }));
}

const cardLine = fc.oneof(
  hostileText.map((t) => `FN:${t}`),
  hostileText.map((t) => `NOTE:${t}`),
  hostileText.map((t) => `N:${t};${t};;;`),
  hostileText.map((t) => `EMAIL;TYPE="${t}":${t}@example.ch`),
  hostileText.map((t) => `TEL;TYPE=${t}:+41 ${t}`),
  fc.constantFrom('BEGIN:VCARD', 'END:VCARD', 'VERSION:4.0', 'VERSION:9.9', 'UID:', 'UID:fuzz-dup', 'PHOTO;ENCODING=b:!!!!', 'X-EVIL;;;:', ' folded-without-parent', ':', ';;;', 'BEGIN:VCALENDAR'),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => `NOTE:${'x'.repeat(n)}`),
);

export interface HostileCard {
  readonly name: string;
  readonly body: Buffer;
}

/** A vCard PUT: a fresh (or hostile) name and a broken, huge or control-character-laden card. */
export function hostileCard(scale: HostileScale, fresh: () => string): fc.Arbitrary<HostileCard> {
  return fc.record({
    name: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, fc.constantFrom('..', '.', 'a%2Fb.vcf', '%00.vcf', 'x%0B.vcf', `${'n'.repeat(300)}.vcf`, '%C3%28.vcf')),
    uid: fc.oneof(fc.constant(null), fc.uuid(), hostileText),
    lines: fc.array(cardLine, { maxLength: scale.maxCardLines }),
    eol: fc.constantFrom('\r\n', '\n', '\r'),
    damage,
  }).map(({ name, uid, lines, eol, damage }) => {
    const all = ['BEGIN:VCARD', 'VERSION:3.0', ...(uid === null ? [] : [`UID:${uid}`]), 'FN:Fuzz', ...lines, 'END:VCARD', ''];
    return { name: name ?? `${fresh()}.vcf`, body: damage(Buffer.from(all.join(eol), 'utf8')) };
  });
}
