import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDAVClient } from 'tsdav';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, seedDemoData } from '../support/davApp.ts';
import { createAppPassword } from '../http/setup/setupSupport.ts';

/** A real client library signs in with an app password made on the setup page, and is locked out once it is revoked. */
forEachDatabase('tsdav with an app password', (db) => {
  let server: Server;
  let serverUrl: string;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof createDavApp>>['app'];
  before(async () => {
    await seedDemoData(db());
    const created = await createDavApp(db());
    ({ app, close } = created);
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await close();
  });

  it('discovers and lists the address book with the app password; after revoking, discovery fails with 401', async () => {
    const password = await createAppPassword(app, 'tsdav');
    const client = await createDAVClient({ serverUrl, credentials: { username: 'max.muster', password }, authMethod: 'Basic', defaultAccountType: 'carddav' });
    const books = await client.fetchAddressBooks();
    expect(books.map((b) => new URL(b.url).pathname)).to.deep.equal(['/dav/addressbooks/max.muster/brokerstar/']);
    const cards = await client.fetchVCards({ addressBook: books[0]! });
    expect(cards.length).to.be.greaterThan(0);

    const revoke = await import('../../src/cli/runCli.ts').then(({ runCli }) => runCli(['app-password', 'revoke', 'max.muster', 'tsdav'], {
      db: async () => db(), out: () => undefined, err: () => undefined, clock: { now: () => new Date() },
    }));
    expect(revoke).to.equal(0);
    const res = await fetch(`${serverUrl}/dav/principals/max.muster/`, {
      method: 'PROPFIND', headers: { Authorization: `Basic ${Buffer.from(`max.muster:${password}`).toString('base64')}`, Depth: '0' },
    });
    expect(res.status).to.equal(401);
    let failed: unknown = null;
    try {
      await createDAVClient({ serverUrl, credentials: { username: 'max.muster', password }, authMethod: 'Basic', defaultAccountType: 'carddav' });
    } catch (err) {
      failed = err;
    }
    expect(failed, 'tsdav must not get in with a revoked app password').to.not.equal(null);
  });
});
