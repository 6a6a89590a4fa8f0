import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { dav as d, ical } from '../../src/adapters/http/dav/xml/names.ts';

/** RFC 4918 §9.2 PROPPATCH: client properties are kept per user; protected ones fail atomically. */
const CAL = '/dav/calendars/max.muster/brokerstar/';

forEachDatabase('PROPPATCH', (db) => {
  const app = demoAppForSuite(db);

  it('a protected property is refused with 403, the others in the same request with 424, nothing is applied', async () => {
    const res = await dav(app, 'PROPPATCH', CAL, {
      body: '<D:propertyupdate xmlns:D="DAV:" xmlns:E="http://apple.com/ns/ical/"><D:set><D:prop><E:calendar-order>9</E:calendar-order><D:getetag>"x"</D:getetag></D:prop></D:set></D:propertyupdate>',
    });
    expect(res.status).to.equal(207);
    const r = parseMultistatus(res.text).responses[0]!;
    expect(r.props.get(d('getetag'))?.status).to.equal(403);
    expect(r.props.get(ical('calendar-order'))?.status).to.equal(424);
    const after = await dav(app, 'PROPFIND', CAL, { depth: '0', body: '<propfind xmlns="DAV:" xmlns:E="http://apple.com/ns/ical/"><prop><E:calendar-order/></prop></propfind>' });
    expect(parseMultistatus(after.text).responses[0]!.props.get(ical('calendar-order'))?.status).to.equal(404);
  });

  it('remove takes a client property away again', async () => {
    const set = '<D:propertyupdate xmlns:D="DAV:" xmlns:E="http://apple.com/ns/ical/"><D:set><D:prop><E:calendar-order>2</E:calendar-order></D:prop></D:set></D:propertyupdate>';
    const remove = '<D:propertyupdate xmlns:D="DAV:" xmlns:E="http://apple.com/ns/ical/"><D:remove><D:prop><E:calendar-order/></D:prop></D:remove></D:propertyupdate>';
    const ask = '<propfind xmlns="DAV:" xmlns:E="http://apple.com/ns/ical/"><prop><E:calendar-order/></prop></propfind>';
    expect((await dav(app, 'PROPPATCH', CAL, { body: set })).status).to.equal(207);
    expect(prop(parseMultistatus((await dav(app, 'PROPFIND', CAL, { depth: '0', body: ask })).text).responses[0], ical('calendar-order'))?.text).to.equal('2');
    expect((await dav(app, 'PROPPATCH', CAL, { body: remove })).status).to.equal(207);
    expect(parseMultistatus((await dav(app, 'PROPFIND', CAL, { depth: '0', body: ask })).text).responses[0]!.props.get(ical('calendar-order'))?.status).to.equal(404);
  });

  it('a body that is not a propertyupdate is a 400', async () => {
    const res = await dav(app, 'PROPPATCH', CAL, { body: '<propfind xmlns="DAV:"><prop><displayname/></prop></propfind>' });
    expect(res.status).to.equal(400);
  });
});
