import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDAVClient, type DAVCalendar } from 'tsdav';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, seedDemoData } from '../support/davApp.ts';

/**
 * A real DAV client library (tsdav, the one most Node integrations use) against a real listening
 * server: discovery from the bare host URL, as a user would type it from the customer guide, then
 * listing, multiget and RFC 6578 sync after a change made in the CRM tables directly.
 */
forEachDatabase('tsdav against a listening server', (db) => {
  let server: Server;
  let serverUrl: string;
  let close: () => Promise<void>;
  before(async () => {
    await seedDemoData(db());
    const created = await createDavApp(db());
    close = created.close;
    server = created.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await close();
  });

  const client = (defaultAccountType: 'caldav' | 'carddav') =>
    createDAVClient({ serverUrl, credentials: { username: 'max.muster', password: 'demo' }, authMethod: 'Basic', defaultAccountType });

  it('CalDAV: discovers from the bare host, finds the two BrokerStar calendars and fetches events by multiget', async () => {
    const caldav = await client('caldav');
    const calendars = await caldav.fetchCalendars();
    expect(calendars.map((c) => [new URL(c.url).pathname, c.displayName])).to.deep.equal([
      ['/dav/calendars/max.muster/brokerstar/', 'BrokerStar'],
      ['/dav/calendars/max.muster/brokerstar-tasks/', 'BrokerStar'],
    ]);
    const events = calendars.find((c) => c.components?.includes('VEVENT')) as DAVCalendar;
    expect(events.reports).to.include('syncCollection');
    expect(events.ctag).to.be.a('string').and.not.equal('');
    const objects = await caldav.fetchCalendarObjects({ calendar: events });
    expect(objects.length).to.be.greaterThan(0);
    for (const o of objects) {
      expect(o.data).to.contain('BEGIN:VEVENT');
      expect(o.etag).to.match(/^"[^"]+"$/);
      expect(new URL(o.url).pathname.startsWith('/dav/calendars/max.muster/brokerstar/')).to.equal(true);
    }
  });

  it('CardDAV: finds one address book, fetches every vCard (3.0) and syncs a change made in the CRM', async () => {
    const carddav = await client('carddav');
    const books = await carddav.fetchAddressBooks();
    expect(books.map((b) => [new URL(b.url).pathname, b.displayName])).to.deep.equal([['/dav/addressbooks/max.muster/brokerstar/', 'BrokerStar']]);
    const book = books[0]!;
    const cards = await carddav.fetchVCards({ addressBook: book });
    expect(cards.length).to.be.greaterThan(10);
    for (const c of cards) expect(c.data).to.match(/^BEGIN:VCARD\r?\nVERSION:3\.0/);

    const initial = await carddav.syncCollection({ url: book.url, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: '' });
    const members = initial.filter((r) => r.props?.getetag);
    expect(members).to.have.length(cards.length);
    const token = initial[0]?.raw?.multistatus?.syncToken as string;
    expect(token).to.be.a('string').and.match(/\S/);

    // BrokerStar itself changes contact 1 (the CRM writes the tables; triggers feed the journal).
    await db()('contacts').where('id', 1).update({ first_name: 'Hansruedi' });
    const after = await carddav.syncCollection({ url: book.url, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: token });
    const changed = after.filter((r) => r.props?.getetag).map((r) => r.href);
    expect(changed).to.deep.equal(['/dav/addressbooks/max.muster/brokerstar/brokerstar-contact-1.vcf']);
    expect(after[0]?.raw?.multistatus?.syncToken).to.not.equal(token);
    const [fresh] = await carddav.fetchVCards({ addressBook: book, objectUrls: [`${serverUrl}${changed[0]}`] });
    expect(fresh?.data).to.contain('FN:Hansruedi Müller');
  });
});
