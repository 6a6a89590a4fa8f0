import { expect } from 'chai';
import type { Knex } from 'knex';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData, settled } from '../support/davApp.ts';
import { userId } from '../support/fixtures.ts';
import { BOOK, poll, sync } from '../http/reports/reportHelpers.ts';

const EXTRA_CONTACTS = 12;

/**
 * After the web app edits contacts in SQL, the next sync re-renders them: the cards must be saved in
 * batches (statements per sync independent of how many changed) and saved right (new version, body,
 * the ETag the device was given).
 */
forEachDatabase('Re-rendering after web-app edits', (db) => {
  let app: Awaited<ReturnType<typeof createDavApp>>;
  let contactIds: number[];

  before(async () => {
    await seedDemoData(db());
    const owner = await userId(db(), 'max.muster');
    contactIds = [];
    for (let i = 0; i < EXTRA_CONTACTS; i++) {
      const [id] = await db()('contacts').insert({ owner_id: owner, first_name: `Batch${i}`, last_name: 'Kunde' });
      contactIds.push(Number(id));
    }
    app = await createDavApp(db());
    // A device's first sync renders and stores every card; later edits re-render stored ones.
    await sync(app.app, BOOK(), '');
  });

  after(async () => {
    await app.close();
  });

  /** Edits the contacts in SQL, then counts the statements of the device's poll and sync-collection. */
  async function statementsOfSyncAfterEditing(ids: readonly number[], note: string): Promise<{ statements: number; changed: Map<string, string> }> {
    const before = await poll(app.app, BOOK());
    await sync(app.app, BOOK(), before.token);
    for (const id of ids) await db()('contacts').where('id', id).update({ notes: note });
    await settled(app.app);
    const statements: string[] = [];
    const count = (q: { sql: string }) => { statements.push(q.sql); };
    db().on('query', count);
    try {
      await poll(app.app, BOOK());
      const { changed } = await sync(app.app, BOOK(), before.token);
      // The re-rendered cards are stored after the answer: their statements count too.
      await settled(app.app);
      return { statements: statements.length, changed };
    } finally {
      db().removeListener('query', count);
    }
  }

  it('saves the re-rendered cards with as many statements for 8 changes as for 2', async () => {
    const few = await statementsOfSyncAfterEditing(contactIds.slice(0, 2), 'few');
    const many = await statementsOfSyncAfterEditing(contactIds.slice(2, 10), 'many');
    expect(few.changed.size).to.equal(2);
    expect(many.changed.size).to.equal(8);
    expect(many.statements).to.equal(few.statements);
  });

  it('stores each re-rendered card at its new CRM version, with the edit and the ETag the device got', async () => {
    const edited = contactIds.slice(10, 12);
    const { changed } = await statementsOfSyncAfterEditing(edited, 'Notiz aus der Web-App');
    const stored: Array<{ object_id: unknown; body: string; etag: string; crm_version: unknown; deleted: unknown }> = await db()('dav_objects')
      .where('kind', 'contact').whereIn('object_id', edited).orderBy('object_id').select('object_id', 'body', 'etag', 'crm_version', 'deleted');
    const versions = await versionsOf(db(), edited);
    expect(stored.map((r) => Number(r.object_id))).to.deep.equal(edited);
    for (const row of stored) {
      expect(Number(row.deleted)).to.equal(0);
      expect(Number(row.crm_version)).to.equal(versions.get(Number(row.object_id)));
      expect(row.body).to.include('Notiz aus der Web-App');
      expect(changed.get(`${BOOK()}brokerstar-contact-${Number(row.object_id)}.vcf`)).to.equal(row.etag);
    }
    // Rendering again finds them current: nothing more is written.
    const writes: string[] = [];
    const listener = (q: { sql: string }) => { if (/^\s*(update|insert|delete)/i.test(q.sql)) writes.push(q.sql); };
    db().on('query', listener);
    try {
      await sync(app.app, BOOK(), (await poll(app.app, BOOK())).token);
      await settled(app.app);
    } finally {
      db().removeListener('query', listener);
    }
    expect(writes.filter((sql) => /dav_objects/.test(sql))).to.deep.equal([]);
  });
});

/**
 * Cards with photos are re-rendered after a bulk edit too (BrokerStar's fields merged into the
 * device's text): together they exceed MySQL's packet limit (16 MiB here), so one statement for all
 * of them would fail every sync until the edit is undone.
 */
forEachDatabase('Re-rendering large cards after a web-app bulk edit', (db) => {
  const CARDS = 24;
  const PHOTO_BYTES = 800 * 1024;

  it('saves them all, in statements that fit the packet limit, and the device gets every edit', async function () {
    this.timeout(120_000);
    await seedDemoData(db());
    const app = await createDavApp(db());
    try {
      const photo = Buffer.alloc(PHOTO_BYTES, 7).toString('base64');
      const names: string[] = [];
      for (let i = 0; i < CARDS; i++) {
        const name = `photo-card-${i}.vcf`;
        const card = `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:photo-card-${i}\r\nFN:Foto ${i}\r\nN:Foto ${i};;;;\r\nPHOTO;ENCODING=b;TYPE=JPEG:${photo}\r\nEND:VCARD\r\n`;
        const put = await dav(app.app, 'PUT', `${BOOK()}${name}`, { body: card, headers: { 'Content-Type': 'text/vcard; charset=utf-8' } });
        expect(put.status, put.text).to.equal(201);
        names.push(name);
      }
      const { token } = await poll(app.app, BOOK());
      await sync(app.app, BOOK(), '');
      await settled(app.app);
      const stored: Array<{ object_id: unknown }> = await db()('dav_objects').where('kind', 'contact').where('uid', 'like', 'photo-card-%').select('object_id');
      expect(stored).to.have.length(CARDS);
      await db()('contacts').whereIn('id', stored.map((r) => Number(r.object_id))).update({ notes: 'Sammelbearbeitung' });

      const { changed } = await sync(app.app, BOOK(), token);
      for (const name of names) expect(changed.has(`${BOOK()}${name}`), name).to.equal(true);
      await settled(app.app);
      const bodies: Array<{ body: string }> = await db()('dav_objects').where('kind', 'contact').where('uid', 'like', 'photo-card-%').select('body');
      expect(bodies).to.have.length(CARDS);
      for (const { body } of bodies) {
        expect(body).to.include('Sammelbearbeitung');
        expect(body.replace(/\r\n[ \t]/g, '')).to.include(photo);
      }
    } finally {
      await app.close();
    }
  });
});

async function versionsOf(knex: Knex, ids: readonly number[]): Promise<Map<number, number>> {
  const rows: Array<{ object_id: unknown; version: unknown }> = await knex('dav_object_versions').where('kind', 'contact').whereIn('object_id', ids).select('object_id', 'version');
  return new Map(rows.map((r) => [Number(r.object_id), Number(r.version)]));
}
