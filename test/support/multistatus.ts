import { parseXml, type XmlElement } from '../../src/adapters/http/dav/xml/parse.ts';
import { dav, type ClarkName } from '../../src/adapters/http/dav/xml/names.ts';

export interface ParsedResponse {
  readonly href: string;
  /** Status of a status-only response (sync-collection deletions, multiget 404s). */
  readonly status: number | null;
  /** Property name → status and element. */
  readonly props: Map<ClarkName, { status: number; element: XmlElement }>;
}

function statusCode(text: string): number {
  return Number(/HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
}

/** Parses a 207 body into responses keyed by href, in document order. */
export function parseMultistatus(body: string): { responses: ParsedResponse[]; syncToken: string | null; byHref: Map<string, ParsedResponse> } {
  const root = parseXml(body);
  if (root.name !== dav('multistatus')) throw new Error(`not a multistatus: ${root.name}`);
  const responses = root.children
    .filter((c) => c.name === dav('response'))
    .map((r) => {
      const href = decodeURIComponent(r.children.find((c) => c.name === dav('href'))?.text ?? '');
      const statusEl = r.children.find((c) => c.name === dav('status'));
      const props = new Map<ClarkName, { status: number; element: XmlElement }>();
      for (const ps of r.children.filter((c) => c.name === dav('propstat'))) {
        const status = statusCode(ps.children.find((c) => c.name === dav('status'))?.text ?? '');
        for (const p of ps.children.find((c) => c.name === dav('prop'))?.children ?? []) props.set(p.name, { status, element: p });
      }
      return { href, status: statusEl ? statusCode(statusEl.text) : null, props };
    });
  const token = root.children.find((c) => c.name === dav('sync-token'))?.text ?? null;
  return { responses, syncToken: token, byHref: new Map(responses.map((r) => [r.href, r])) };
}

/** The found (200) value element of a property, or undefined. */
export function prop(response: ParsedResponse | undefined, name: ClarkName): XmlElement | undefined {
  const p = response?.props.get(name);
  return p && p.status === 200 ? p.element : undefined;
}

export function hrefsIn(element: XmlElement | undefined): string[] {
  return (element?.children ?? []).filter((c) => c.name === dav('href')).map((c) => c.text);
}
