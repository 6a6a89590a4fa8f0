import { carddav, dav } from '../xml/names.ts';
import { el } from '../xml/write.ts';
import { child } from '../xml/parse.ts';
import { DavHttpError } from '../DavHttpError.ts';
import type { ObjectResource } from '../resources.ts';
import { propResponse, statusResponse } from '../multistatus.ts';
import { sendMultistatus } from '../respond.ts';
import { evaluate } from '../propfind/evaluate.ts';
import { propsOf, type PropRequest } from '../propfind/PropRequest.ts';
import { dataProvider } from './objectData.ts';
import { parseCardFilter } from './addressbook/CardFilter.ts';
import type { DavReport } from './DavReport.ts';

/**
 * RFC 6352 §8.6 `addressbook-query`: prop-filter with text-match (i;unicode-casemap by default),
 * param-filter, is-not-defined, anyof/allof, and `limit` (a truncated answer carries 507 for the
 * request-URI, §8.6.1).
 */
export const addressbookQuery: DavReport = {
  name: carddav('addressbook-query'),
  feature: 'addressbook',
  appliesTo: (r) => r.type === 'collection' && r.kind === 'contacts',
  async handle(req, resource, body) {
    if (resource.type !== 'collection' || resource.kind !== 'contacts') throw new DavHttpError(403, 'addressbook-query works on address books.');
    const filter = parseCardFilter(child(body, carddav('filter')));
    const limitText = child(child(body, carddav('limit')) ?? body, carddav('nresults'))?.text.trim();
    const limit = limitText === undefined ? Number.POSITIVE_INFINITY : Number(limitText);
    if (!(limit >= 1)) throw new DavHttpError(400, 'limit/nresults must be a positive integer.');
    const prop = child(body, dav('prop'));
    const request: PropRequest = prop ? propsOf(prop) : { type: 'prop', names: [dav('getetag')], elements: new Map() };
    const provider = dataProvider(req);
    const { collection, kind, href } = resource;
    async function* responses(): AsyncGenerator<string> {
      let count = 0;
      for await (const page of collection.objectPages()) {
        for (const stored of page) {
          if (!req.services.cardMatcher.matches(stored.body, filter)) continue;
          if (count === limit) {
            yield statusResponse(href, 507, el(dav('number-of-matches-within-limits')));
            return;
          }
          count++;
          const member: ObjectResource = { type: 'object', href: req.paths.object(req.user.login, kind, stored.name), kind, collection, name: stored.name, etag: stored.etag, stored };
          yield propResponse(member.href, evaluate(member, request, req, provider));
        }
      }
    }
    await sendMultistatus(req, responses());
  },
};
