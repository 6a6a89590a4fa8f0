import { dav } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import { DavHttpError } from '../DavHttpError.ts';
import { resolve } from '../resolve.ts';
import { reportNamed } from '../reports/index.ts';
import type { DavMethod } from './DavMethod.ts';
import type { TextLeaves } from '../xml/parse.ts';
import { observation } from '../../observability/observation.ts';

/**
 * RFC 3253 §3.6 REPORT, dispatched to the report registry by the body's root element. A report the
 * resource does not support gets 403 `DAV:supported-report`.
 */
export const REPORT: DavMethod = {
  name: 'REPORT',
  allowedOn: (path) => path.type !== 'unknown',
  async handle(req, path, serverRoot) {
    req.depth('0');
    let leaves: TextLeaves | undefined;
    const body = await req.xml((root) => (leaves = reportNamed(root)?.leaves?.(req)));
    if (!body) throw new DavHttpError(400, 'REPORT needs an XML body.');
    const report = reportNamed(body.name);
    // Bounded label for the metrics: only registered report names, anything else "unknown".
    observation(req.ctx).report = report ? body.local : 'unknown';
    // Every registered report answers for members, never with the collection's own client
    // properties (PROPPATCH colour, order, …): loading them would cost a query per report.
    req.wantsClientProperties = false;
    const resource = await resolve(req, path, serverRoot);
    if (!report || !report.appliesTo(resource)) {
      throw new DavHttpError(403, `The report ${body.local} is not supported here.`, el(dav('supported-report')));
    }
    await report.handle(req, resource, body, leaves);
  },
};
