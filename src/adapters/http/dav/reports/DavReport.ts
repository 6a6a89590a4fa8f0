import type { ClarkName } from '../xml/names.ts';
import type { TextLeaves, XmlElement } from '../xml/parse.ts';
import type { DavRequest } from '../DavRequest.ts';
import type { DavResource } from '../resources.ts';

/** One REPORT (RFC 3253 §3.6), registered by name; `supported-report-set` derives from the registry. */
export interface DavReport {
  readonly name: ClarkName;
  /** Token this report contributes to the `DAV:` header, if any. */
  readonly feature?: string;
  appliesTo(resource: DavResource): boolean;
  /** Root children collected as text while the body is parsed (multiget hrefs), given to `handle`. */
  leaves?(req: DavRequest): TextLeaves;
  handle(req: DavRequest, resource: DavResource, body: XmlElement, leaves?: TextLeaves): Promise<void>;
}
