import { expect } from 'chai';
import { ContainerModule } from 'inversify';
import type { Knex } from 'knex';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData, settled } from '../support/davApp.ts';
import { capturingLogger } from '../support/capturingLogger.ts';
import { userId } from '../support/fixtures.ts';
import { parseMultistatus, prop } from '../support/multistatus.ts';
import { BOOK, CAL, NS, XML, poll, sync } from '../http/reports/reportHelpers.ts';
import { TOKENS, type ObjectStore } from '../../src/ports/index.ts';
import { KnexObjectStore } from '../../src/adapters/knex/KnexObjectStore.ts';
import { KNEX } from '../../src/adapters/knex/knexModule.ts';
import { dav as d, caldav, carddav } from '../../src/adapters/http/dav/xml/names.ts';

/** Holds `saveRendered` while `held` is set (a slow database commit), or fails it once. */
interface Gate {
  held: Promise<void> | null;
  waiting: number;
  failOnce: Error | null;
}

function gatedRenderSaves(gate: Gate): ContainerModule {
  return new ContainerModule(async ({ rebind }) => {
    (await rebind(TOKENS.ObjectStore)).toResolvedValue((db: Knex): ObjectStore => {
      const real = new KnexObjectStore(db);
      const gated: ObjectStore = Object.create(real) as ObjectStore;
      gated.saveRendered = async (...args) => {
        gate.waiting += 1;
        try {
          await gate.held;
        } finally {
          gate.waiting -= 1;
        }
        const failure = gate.failOnce;
        gate.failOnce = null;
        if (failure) throw failure;
        return real.saveRendered(...args);
      };
      return gated;
    }, [KNEX]).inSingletonScope();
  });
}

function closedGate(gate: Gate): () => void {
  let open = () => {};
  gate.held = new Promise<void>((resolve) => { open = resolve; });
  return () => { gate.held = null; open(); };
}

const within = <T>(ms: number, work: Promise<T>): Promise<T | 'waiting'> =>
  Promise.race([work, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), ms))]);

const multiget = (hrefs: readonly string[]) =>
  `${XML}<A:addressbook-multiget ${NS}><D:prop><D:getetag/><A:address-data/></D:prop>${hrefs.map((h) => `<D:href>${h}</D:href>`).join('')}</A:addressbook-multiget>`;

/**
 * After an edit in BrokerStar the next listing re-renders the changed objects; storing them is a
 * durable write that the device does not need to wait for (SavesAfterAnswer). What the device gets
 * must not depend on whether that write has landed, and nothing may be lost when it fails.
 */
forEachDatabase('re-rendered objects stored after the answer', (db) => {
  const gate: Gate = { held: null, waiting: 0, failOnce: null };
  const { logger, lines } = capturingLogger();
  let app: Awaited<ReturnType<typeof createDavApp>>;
  let edited: number[];

  before(async () => {
    await seedDemoData(db());
    app = await createDavApp(db(), { modules: [gatedRenderSaves(gate)], logger });
    const owner = await userId(db(), 'max.muster');
    edited = (await db()('contacts').where('owner_id', owner).orderBy('id').limit(4).pluck('id')).map(Number);
  });
  after(async () => app.close());

  /** A device that has synced: its token, every card stored. */
  async function syncedDevice(): Promise<string> {
    await sync(app.app, BOOK(), '');
    await settled(app.app);
    return (await poll(app.app, BOOK())).token;
  }

  const stored = async (ids: readonly number[]) => {
    const rows: Array<{ object_id: unknown; crm_version: unknown; etag: string; body: string }> = await db()('dav_objects')
      .where('kind', 'contact').whereIn('object_id', ids).orderBy('object_id').select('object_id', 'crm_version', 'etag', 'body');
    return rows.map((r) => ({ id: Number(r.object_id), version: Number(r.crm_version), etag: r.etag, body: r.body }));
  };
  const versions = async (ids: readonly number[]) => (await db()('dav_object_versions').where('kind', 'contact').whereIn('object_id', ids)
    .orderBy('object_id').pluck('version')).map(Number);
  const href = (id: number) => `${BOOK()}brokerstar-contact-${id}.vcf`;

  it('DAVx5 after an edit in BrokerStar: the sync answers while the cards are still being stored, a multiget meanwhile gets the same ETags, and they are stored at the new version', async () => {
    const token = await syncedDevice();
    const ids = edited.slice(0, 2);
    await db()('contacts').whereIn('id', ids).update({ notes: 'Notiz nachher gespeichert' });
    const open = closedGate(gate);
    try {
      await poll(app.app, BOOK());
      const answered = await within(3_000, sync(app.app, BOOK(), token));
      expect(answered, 'the sync waited for the store').to.not.equal('waiting');
      const { changed } = answered as Awaited<ReturnType<typeof sync>>;
      expect([...changed.keys()].sort()).to.deep.equal(ids.map(href).sort());
      expect(gate.waiting, 'the store is still held').to.be.greaterThan(0);
      const before = await stored(ids);
      expect(before.map((r) => r.version)).to.not.deep.equal(await versions(ids));

      const mget = await dav(app.app, 'REPORT', BOOK(), { depth: '0', body: multiget(ids.map(href)) });
      expect(mget.status, mget.text).to.equal(207);
      for (const r of parseMultistatus(mget.text).responses) {
        expect(prop(r, d('getetag'))?.text, r.href).to.equal(changed.get(r.href));
        expect(prop(r, carddav('address-data'))?.text).to.include('Notiz nachher gespeichert');
      }
      open();
      await settled(app.app);
      const after = await stored(ids);
      expect(after.map((r) => r.version)).to.deep.equal(await versions(ids));
      for (const row of after) {
        expect(row.etag).to.equal(changed.get(href(row.id)));
        expect(row.body).to.include('Notiz nachher gespeichert');
      }
    } finally {
      open();
    }
  });

  it('a store that fails after the answer loses nothing: a warning is logged and the next request renders the card again', async () => {
    const token = await syncedDevice();
    const [id] = edited.slice(2, 3) as [number];
    const before = (await stored([id]))[0]!;
    await db()('contacts').where('id', id).update({ notes: 'Zweite Notiz' });
    gate.failOnce = new Error('simulated: the database went away after the answer');
    await poll(app.app, BOOK());
    const { changed } = await sync(app.app, BOOK(), token);
    await settled(app.app);
    const warning = lines.find((l) => l.savingFailure !== undefined);
    expect(warning, 'a warning names the failed store').to.deep.include({ level: 40, savingFailure: { objects: 1 } });
    expect((await stored([id]))[0]).to.deep.equal(before);

    const mget = await dav(app.app, 'REPORT', BOOK(), { depth: '0', body: multiget([href(id)]) });
    const [card] = parseMultistatus(mget.text).responses;
    expect(prop(card!, d('getetag'))?.text).to.equal(changed.get(href(id)));
    expect(prop(card!, carddav('address-data'))?.text).to.include('Zweite Notiz');
    await settled(app.app);
    expect((await stored([id]))[0]!.etag).to.equal(changed.get(href(id)));
  });

  it('an appointment edited in BrokerStar: the sync answers while it is being stored, and rendered again a second later it has the same ETag (DTSTAMP is the record\'s last change)', async () => {
    await sync(app.app, CAL(), '');
    await settled(app.app);
    const { token } = await poll(app.app, CAL());
    const owner = await userId(db(), 'max.muster');
    const [appointment] = (await db()('appointment_assignees').where('user_id', owner).orderBy('appointment_id').limit(1).pluck('appointment_id')).map(Number) as [number];
    await db()('appointments').where('id', appointment).update({ title: 'Verschoben aus BrokerStar' });
    await poll(app.app, CAL());
    const href = `${CAL()}brokerstar-appointment-${appointment}.ics`;
    const open = closedGate(gate);
    try {
      const answered = await within(3_000, sync(app.app, CAL(), token));
      expect(answered, 'the sync waited for the store').to.not.equal('waiting');
      const synced = (answered as Awaited<ReturnType<typeof sync>>).changed.get(href);
      expect(synced).to.be.a('string');
      // DTSTAMP has seconds: a rendering stamped with the time of rendering would differ now.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const mget = `${XML}<C:calendar-multiget ${NS}><D:prop><D:getetag/><C:calendar-data/></D:prop><D:href>${href}</D:href></C:calendar-multiget>`;
      const res = await dav(app.app, 'REPORT', CAL(), { depth: '0', body: mget });
      const [object] = parseMultistatus(res.text).responses;
      expect(prop(object!, d('getetag'))?.text).to.equal(synced);
      expect(prop(object!, caldav('calendar-data'))?.text).to.include('Verschoben aus BrokerStar');
      open();
      await settled(app.app);
      const stored = await db()('dav_objects').where({ kind: 'appointment', object_id: appointment }).first('etag', 'body');
      expect(stored.etag).to.equal(synced);
    } finally {
      open();
    }
  });

  it('a first sync of many cards stores them before it answers (the background stays bounded)', async () => {
    const owner = await userId(db(), 'max.muster');
    await db()('contacts').insert(Array.from({ length: 120 }, (_, i) => ({ owner_id: owner, first_name: `Viele${i}`, last_name: 'Kunde' })));
    await poll(app.app, BOOK());
    const open = closedGate(gate);
    try {
      const answering = sync(app.app, BOOK(), '');
      expect(await within(500, answering), 'answered before 120 cards were stored').to.equal('waiting');
      open();
      expect((await answering).changed.size).to.be.greaterThan(120);
    } finally {
      open();
    }
  });
});

forEachDatabase('closing the plugin while re-rendered objects are being stored', (db) => {
  it('close() waits until they are stored', async () => {
    await seedDemoData(db());
    const gate: Gate = { held: null, waiting: 0, failOnce: null };
    const { app, close } = await createDavApp(db(), { modules: [gatedRenderSaves(gate)] });
    let closing: Promise<void> | undefined;
    let open = () => {};
    try {
      const token = (await sync(app, BOOK(), '')).token;
      await settled(app);
      const owner = await userId(db(), 'max.muster');
      const [id] = (await db()('contacts').where('owner_id', owner).orderBy('id').limit(1).pluck('id')).map(Number) as [number];
      await db()('contacts').where('id', id).update({ notes: 'vor dem Schliessen' });
      open = closedGate(gate);
      await poll(app, BOOK());
      await sync(app, BOOK(), token);
      closing = close();
      expect(await within(300, closing), 'close() did not wait').to.equal('waiting');
      open();
      await closing;
      const row = await db()('dav_objects').where({ kind: 'contact', object_id: id }).first('body');
      expect(row.body).to.include('vor dem Schliessen');
    } finally {
      open();
      await (closing ?? close());
    }
  });
  it('close() gives up after 5 s on a store that hangs and says so in the log (nothing is lost)', async function () {
    this.timeout(30_000);
    const gate: Gate = { held: null, waiting: 0, failOnce: null };
    const { logger, lines } = capturingLogger();
    const { app, close } = await createDavApp(db(), { modules: [gatedRenderSaves(gate)], logger });
    let open = () => {};
    try {
      const token = (await sync(app, BOOK(), '')).token;
      await settled(app);
      const owner = await userId(db(), 'max.muster');
      const [id] = (await db()('contacts').where('owner_id', owner).orderBy('id').offset(1).limit(1).pluck('id')).map(Number) as [number];
      await db()('contacts').where('id', id).update({ notes: 'nie gespeichert' });
      open = closedGate(gate);
      await poll(app, BOOK());
      await sync(app, BOOK(), token);
      const started = Date.now();
      await close();
      expect(Date.now() - started).to.be.within(4_500, 10_000);
      expect(lines.find((l) => l.savesAbandoned !== undefined)).to.deep.include({ level: 40, savesAbandoned: 1 });
    } finally {
      open();
      await close();
    }
  });
});
