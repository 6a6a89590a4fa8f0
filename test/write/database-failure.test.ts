import { expect } from 'chai';
import { ContainerModule } from 'inversify';
import type { Knex } from 'knex';
import type Koa from 'koa';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData, settled } from '../support/davApp.ts';
import { tableCounts } from '../support/fixtures.ts';
import { StorageUnavailable, TOKENS, type Transactions } from '../../src/ports/index.ts';
import { capturingLogger } from '../support/capturingLogger.ts';
import { KnexTransactions } from '../../src/adapters/knex/KnexTransactions.ts';
import { KNEX } from '../../src/adapters/knex/knexModule.ts';

/** A database that fails after the CRM rows were written, before the representation is stored. */
function failingAfterCrmWrite(): ContainerModule {
  return new ContainerModule(async ({ rebind }) => {
    (await rebind(TOKENS.Transactions)).toResolvedValue((db: Knex): Transactions => {
      const real = new KnexTransactions(db);
      return {
        run: (work) =>
          real.run((ports) =>
            work({
              ...ports,
              objects: {
                ...ports.objects,
                getMany: (...a) => ports.objects.getMany(...a),
                findByName: (...a) => ports.objects.findByName(...a),
                findByUid: (...a) => ports.objects.findByUid(...a),
                idsByNames: (...a) => ports.objects.idsByNames(...a),
                idsByUid: (...a) => ports.objects.idsByUid(...a),
                namesOf: (...a) => ports.objects.namesOf(...a),
                saveRendered: (...a) => ports.objects.saveRendered(...a),
                remove: () => Promise.reject(new Error('simulated: connection lost')),
                save: () => Promise.reject(new Error('simulated: connection lost')),
              },
            }),
          ),
      };
    }, [KNEX]);
  });
}

forEachDatabase('a database failure in the middle of a write', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db(), { modules: [failingAfterCrmWrite()] }));
  });
  after(async () => close());

  it('PUT: 500 without details, and no CRM row, journal entry or representation is left behind', async () => {
    await settled(app);
    const counts = await tableCounts(db());
    const body = ['BEGIN:VCARD', 'VERSION:3.0', 'UID:half-written', 'N:Halb;Hans;;;', 'FN:Hans Halb', 'TEL;TYPE=CELL:+41 79 1', 'END:VCARD', ''].join('\r\n');
    const res = await dav(app, 'PUT', '/dav/addressbooks/max.muster/brokerstar/half-written.vcf', { body, headers: { 'Content-Type': 'text/vcard' } });
    expect(res.status).to.equal(500);
    expect(res.text).to.not.contain('simulated');
    expect(await tableCounts(db())).to.deep.equal(counts);
  });

  it('DELETE: the contact is still there after the failure', async () => {
    const list = await dav(app, 'PROPFIND', '/dav/addressbooks/max.muster/brokerstar/', { depth: '1', body: '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>' });
    const href = /<d:href>([^<]+\.vcf)<\/d:href>/.exec(list.text)![1]!;
    await settled(app);
    const counts = await tableCounts(db());
    const res = await dav(app, 'DELETE', href);
    expect(res.status).to.equal(500);
    expect(await tableCounts(db())).to.deep.equal(counts);
    expect((await dav(app, 'GET', href)).status).to.equal(200);
  });
});

/**
 * A database that goes away right after a device's write committed: the transaction run after it (the
 * completion of the stored text with BrokerStar's fields) fails as an outage does, once armed.
 */
function goneAfterTheWrite(armed: { runsBeforeFailure: number | null }): ContainerModule {
  return new ContainerModule(async ({ rebind }) => {
    (await rebind(TOKENS.Transactions)).toResolvedValue((db: Knex): Transactions => {
      const real = new KnexTransactions(db);
      return {
        run: (work) => {
          if (armed.runsBeforeFailure === 0) {
            armed.runsBeforeFailure = null;
            return Promise.reject(new StorageUnavailable('simulated: the database went away'));
          }
          if (armed.runsBeforeFailure !== null) armed.runsBeforeFailure -= 1;
          return real.run(work);
        },
      };
    }, [KNEX]);
  });
}

forEachDatabase('the database gone right after a device write committed', (db) => {
  const armed: { runsBeforeFailure: number | null } = { runsBeforeFailure: null };
  const { logger, lines } = capturingLogger();
  let app: Koa;
  let close: () => Promise<void>;
  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db(), { modules: [goneAfterTheWrite(armed)], logger }));
  });
  after(async () => close());

  it('an appointment update is answered as done (not 503), stored as sent, and the failed completion is logged', async () => {
    const calendar = '/dav/calendars/max.muster/brokerstar/';
    const list = await dav(app, 'PROPFIND', calendar, { depth: '1', body: '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>' });
    const href = /<d:href>([^<]+\.ics)<\/d:href>/.exec(list.text)![1]!;
    const before = await dav(app, 'GET', href);
    const body = before.text.replace(/^SUMMARY:.*$/m, 'SUMMARY:Verschoben vor dem Ausfall');
    expect(body).to.not.equal(before.text);
    armed.runsBeforeFailure = 1; // the write's own transaction, then the completion after it
    const put = await dav(app, 'PUT', href, { body, headers: { 'Content-Type': 'text/calendar', 'If-Match': before.headers.etag! } });
    expect(armed.runsBeforeFailure, 'the completion ran and failed').to.equal(null);
    expect(put.status, put.text).to.equal(204);
    expect(put.headers.etag).to.match(/^"/);
    const after = await dav(app, 'GET', href);
    expect(after.text).to.contain('SUMMARY:Verschoben vor dem Ausfall');
    expect(after.headers.etag).to.equal(put.headers.etag);
    const logged = lines.find((l) => l.completionFailure !== undefined);
    expect(logged, 'a warning names the object').to.deep.include({ level: 40 });
    expect((logged!.err as { message: string }).message).to.equal('simulated: the database went away');
  });
});
