import { expect } from 'chai';
import { parseXml } from '../../src/adapters/http/dav/xml/parse.ts';

/** Characters XML 1.0 forbids (§2.2 `Char`), raw or as character references. */
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_REFERENCE = /&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])|0*(?:[0-8]|1[1-2]|1[4-9]|2[0-9]|3[01]|6553[45]));/;

/** Asserts a body is well-formed XML 1.0 that strict clients accept, not just that our lenient parser reads it. */
export function expectWellFormedXml(body: string): void {
  expect(FORBIDDEN_CHAR.exec(body)?.[0], 'a character XML 1.0 cannot carry').to.equal(undefined);
  expect(FORBIDDEN_REFERENCE.exec(body)?.[0], 'a character reference XML 1.0 forbids').to.equal(undefined);
  expect(() => parseXml(body)).to.not.throw();
}
