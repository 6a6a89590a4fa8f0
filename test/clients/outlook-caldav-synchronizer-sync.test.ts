import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite, settled } from '../support/davApp.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { clientFixture, tableCounts, userId } from '../support/fixtures.ts';
import { caldav, dav as d } from '../../src/adapters/http/dav/xml/names.ts';
import { oCq, oMgetCal } from '../support/clientRequests/outlookCalDavSynchronizer.ts';

const CAL = '/dav/calendars/max.muster/brokerstar/';
const OCS = { 'User-Agent': 'CalDavSynchronizer/4.6' };
const ICS = { ...OCS, 'Content-Type': 'text/calendar; charset=utf-8' };

/** Outlook's default window: today−60 … today+366 days, from midnight. */
function outlookWindow(today: Date): [Date, Date] {
  const day = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offset));
  return [day(-60), day(366)];
}

/** The OCS fixture moved into Outlook's sync window (it was captured in June 2025). */
function outlookEvent(summary = 'Beratung Hypothek Familie Müller'): string {
  const next = new Date();
  next.setUTCDate(next.getUTCDate() + 14);
  const ymd = next.toISOString().slice(0, 10).replace(/-/g, '');
  return clientFixture('outlook-caldavsynchronizer-event.ics')
    .replace(/20250612T/g, `${ymd}T`)
    .replace('SUMMARY:Beratung Hypothek Familie Müller', `SUMMARY:${summary}`);
}

const OUTLOOK_UID = /^UID:(.+)$/m.exec(clientFixture('outlook-caldavsynchronizer-event.ics'))![1]!.trim();

forEachDatabase('Outlook CalDav Synchronizer sync cycle', (db) => {
  const app = demoAppForSuite(db);

  async function versions(): Promise<Map<string, string>> {
    const res = await dav(app, 'REPORT', CAL, { depth: '1', body: oCq(...outlookWindow(new Date())), headers: OCS });
    expect(res.status).to.equal(207);
    return new Map(parseMultistatus(res.text).responses.map((r) => [r.href, prop(r, d('getetag'))!.text]));
  }

  it('calendar-query → multiget → PUT create → PUT update → DELETE converges with no duplicates', async () => {
    const before = await versions();
    expect(before.size, 'demo appointments in the window').to.be.greaterThan(0);
    const fetched = await dav(app, 'REPORT', CAL, { depth: '1', body: oMgetCal([...before.keys()]), headers: OCS });
    const bodies = parseMultistatus(fetched.text).responses;
    expect(bodies).to.have.length(before.size);
    for (const r of bodies) expect(prop(r, caldav('calendar-data'))?.text).to.contain('BEGIN:VEVENT');

    // Create, named <UID>.ics as OCS does.
    const href = `${CAL}${OUTLOOK_UID}.ics`;
    const created = await dav(app, 'PUT', href, { body: outlookEvent(), headers: { ...ICS, 'If-None-Match': '*' } });
    expect(created.status).to.equal(201);
    const etag = created.headers.etag as string;
    expect(etag).to.match(/^"[^"]+"$/);
    const afterCreate = await versions();
    expect(afterCreate.get(href), 'the PUT ETag is the later getetag').to.equal(etag);
    expect(afterCreate.size).to.equal(before.size + 1);

    const crm = await db()('appointments').where({ title: 'Beratung Hypothek Familie Müller' }).first();
    expect(crm.time_zone).to.equal('Europe/Berlin');
    expect(crm.location).to.equal('Sitzungszimmer 2, Bahnhofstrasse 12, Zürich');
    const assignees = await db()('appointment_assignees').where({ appointment_id: crm.id }).pluck('user_id');
    expect(assignees.map(Number)).to.deep.equal([await userId(db(), 'max.muster')]);

    const got = await dav(app, 'GET', href, { headers: OCS });
    expect(got.text).to.equal(outlookEvent());
    expect(got.headers.etag).to.equal(etag);

    // Update with If-Match: the CRM follows, the alarm and attendees survive.
    const updatedBody = outlookEvent('Beratung Hypothek (verschoben)');
    const updated = await dav(app, 'PUT', href, { body: updatedBody, headers: { ...ICS, 'If-Match': etag } });
    expect(updated.status).to.equal(204);
    const etag2 = updated.headers.etag as string;
    expect(etag2).to.not.equal(etag);
    expect((await db()('appointments').where({ id: crm.id }).first()).title).to.equal('Beratung Hypothek (verschoben)');
    const afterUpdate = await versions();
    expect(afterUpdate.get(href)).to.equal(etag2);
    const again = await dav(app, 'GET', href, { headers: OCS });
    expect(again.text).to.contain('BEGIN:VALARM').and.contain('ATTENDEE;CN=Hans Müller');

    // A stale If-Match on update and delete is refused; nothing changes.
    await settled(app);
    const counts = await tableCounts(db());
    expect((await dav(app, 'PUT', href, { body: outlookEvent('lost'), headers: { ...ICS, 'If-Match': etag } })).status).to.equal(412);
    expect((await dav(app, 'DELETE', href, { headers: { ...OCS, 'If-Match': '"bla"' } })).status).to.equal(412);
    expect(await tableCounts(db())).to.deep.equal(counts);

    const deleted = await dav(app, 'DELETE', href, { headers: { ...OCS, 'If-Match': etag2 } });
    expect(deleted.status).to.equal(204);
    expect(await db()('appointments').where({ id: crm.id }).first()).to.equal(undefined);
    const afterDelete = await versions();
    expect([...afterDelete.keys()].sort()).to.deep.equal([...before.keys()].sort());
    // PUT with If-Match on the deleted href creates nothing.
    const ghost = await dav(app, 'PUT', href, { body: outlookEvent(), headers: { ...ICS, 'If-Match': etag2 } });
    expect([404, 412]).to.include(ghost.status);
    expect((await versions()).has(href)).to.equal(false);
  });

  it('refuses an invalid body ("Invalix CalDav Entity") with valid-calendar-data and changes nothing', async () => {
    await settled(app);
    const counts = await tableCounts(db());
    const res = await dav(app, 'PUT', `${CAL}invalid.ics`, { body: 'Invalix CalDav Entity', headers: { ...ICS, 'If-None-Match': '*' } });
    expect(res.status).to.equal(400);
    expect(res.text).to.contain('valid-calendar-data');
    expect(await tableCounts(db())).to.deep.equal(counts);
  });
});
