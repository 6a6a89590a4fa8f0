import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unfoldLines } from '../../../src/adapters/formats/contentline/folding.ts';

const DIR = fileURLToPath(new URL('../../fixtures/clients/', import.meta.url));

/** A client fixture as the client sent it. */
export function fixture(name: string): string {
  return readFileSync(DIR + name, 'utf8');
}

/** The unfolded content lines of a document. */
export function contentLines(text: string): string[] {
  return unfoldLines(text);
}
