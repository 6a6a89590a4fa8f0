import { expect } from 'chai';
import type { Knex } from 'knex';
import { forEachDatabase } from '../../support/databases.ts';
import { dav, demoAppForSuite } from '../../support/davApp.ts';
import { prop } from '../../support/multistatus.ts';
import { carddav, dav as d } from '../../../src/adapters/http/dav/xml/names.ts';
import { BOOK, CAL, TASKS, listing, poll, sync, syncBody } from './reportHelpers.ts';

async function userId(db: Knex, login: string): Promise<number> {
  return Number((await db('users').where('login', login).first('id')).id);
}

/** Touches one CRM row of each kind like the web application would (plain SQL). */
async function editBehindTheBack(db: Knex, kind: 'contacts' | 'calendar' | 'tasks', id: number): Promise<void> {
  if (kind === 'contacts') await db('contacts').where('id', id).update({ notes: `edited ${Date.now()}` });
  else if (kind === 'calendar') await db('appointments').where('id', id).update({ location: `Raum ${Date.now()}` });
  else await db('tasks').where('id', id).update({ description: `edited ${Date.now()}` });
}

const idOf = (href: string) => Number(/-(\d+)\.(?:vcf|ics)$/.exec(href)?.[1]);

forEachDatabase('REPORT sync-collection', (db) => {
  const app = demoAppForSuite(db);

  for (const [kind, path] of [['contacts', BOOK()], ['calendar', CAL()], ['tasks', TASKS()]] as const) {
    describe(kind, () => {
      it('initial sync with an empty token lists every member (no 404s), Depth 0 and Depth 1 alike', async () => {
        const list = await listing(app, path);
        for (const depth of ['0', '1']) {
          const r = await sync(app, path, '', { depth });
          expect(r.removed).to.deep.equal([]);
          expect(r.truncated).to.equal(false);
          expect(r.changed).to.deep.equal(list);
          expect(r.token).to.match(/^http:\/\/brokerstar\.biz\/ns\/sync\//);
          expect(r.token).to.equal((await poll(app, path)).token);
        }
      });

      it('an unchanged poll keeps the token, and syncing from it reports nothing', async () => {
        const before = await poll(app, path);
        const again = await poll(app, path);
        expect(again).to.deep.equal(before);
        const r = await sync(app, path, before.token);
        expect(r.changed.size + r.removed.length).to.equal(0);
        expect(r.token).to.equal(before.token);
      });

      it('incremental: an edit made in the CRM tables is reported with its new ETag, a deletion as 404', async () => {
        const start = await poll(app, path);
        const list = await listing(app, path);
        const [edited, removed] = [...list.keys()];
        await editBehindTheBack(db(), kind, idOf(edited!));
        const table = kind === 'contacts' ? 'contacts' : kind === 'calendar' ? 'appointments' : 'tasks';
        await db()(table).where('id', idOf(removed!)).delete();
        const after = await poll(app, path);
        expect(after.token).to.not.equal(start.token);
        expect(after.ctag).to.not.equal(start.ctag);
        const r = await sync(app, path, start.token);
        expect([...r.changed.keys()]).to.deep.equal([edited]);
        expect(r.changed.get(edited!)).to.not.equal(list.get(edited!));
        expect(r.removed).to.deep.equal([removed]);
        expect(r.token).to.equal(after.token);
        const now = await listing(app, path);
        expect(now.get(edited!)).to.equal(r.changed.get(edited!));
        expect(now.has(removed!)).to.equal(false);
      });

      it('limit: 507 on the request-URI with a continuation token; the pages add up with no gaps and no duplicates', async () => {
        const list = await listing(app, path);
        const seen: string[] = [];
        let token = '';
        let pages = 0;
        for (;;) {
          const r = await sync(app, path, token, { limit: 2 });
          pages++;
          expect(r.changed.size + r.removed.length).to.be.at.most(2);
          seen.push(...r.changed.keys());
          token = r.token;
          if (!r.truncated) break;
          expect(pages).to.be.lessThan(100);
        }
        expect(pages).to.be.greaterThan(1);
        expect(new Set(seen).size).to.equal(seen.length);
        expect(new Set(seen)).to.deep.equal(new Set(list.keys()));
        expect(token).to.equal((await poll(app, path)).token);
        // Incremental with limit, across several changes.
        const hrefs = [...list.keys()].slice(0, 3);
        for (const h of hrefs) await editBehindTheBack(db(), kind, idOf(h));
        const got: string[] = [];
        let t = token;
        for (let i = 0; ; i++) {
          const r = await sync(app, path, t, { limit: 1 });
          got.push(...r.changed.keys());
          t = r.token;
          if (!r.truncated) break;
          expect(i).to.be.lessThan(10);
        }
        expect(got.sort()).to.deep.equal([...hrefs].sort());
        expect(t).to.equal((await poll(app, path)).token);
      });

      it('a limit of exactly the number of changes needs no 507', async () => {
        const start = await poll(app, path);
        const [h] = [...(await listing(app, path)).keys()];
        await editBehindTheBack(db(), kind, idOf(h!));
        const r = await sync(app, path, start.token, { limit: 1 });
        expect([...r.changed.keys()]).to.deep.equal([h]);
        // Either answer is allowed by RFC 6578, but a truncated one must then deliver nothing more.
        if (r.truncated) {
          const rest = await sync(app, path, r.token);
          expect(rest.changed.size + rest.removed.length).to.equal(0);
        }
      });
    });
  }

  it('a sync token of another collection, another user, or garbage is 403 DAV:valid-sync-token', async () => {
    const book = await poll(app, BOOK());
    const cal = await poll(app, CAL());
    const lisa = await poll(app, CAL('lisa.admin'), 'lisa.admin');
    const future = cal.token.replace(/-(\d+)$/, (_, n) => `-${Number(n) + 1_000_000}`);
    for (const [path, token] of [
      [CAL(), book.token], [BOOK(), cal.token], [CAL(), lisa.token], [TASKS(), cal.token],
      [CAL(), 'urn:nonsense'], [CAL(), 'http://brokerstar.biz/ns/sync/abc'], [CAL(), future],
    ] as const) {
      const res = await dav(app, 'REPORT', path, { depth: '0', body: syncBody(token) });
      expect(res.status, `${path} ${token}`).to.equal(403);
      expect(res.text).to.match(/valid-sync-token/);
      expect(res.text).to.match(/xmlns(:\w+)?="DAV:"/);
    }
  });

  it('DAVx5: <prop><getetag/><resourcetype/></prop> at Depth 0 answers both for every member', async () => {
    const r = await sync(app, BOOK(), '', { props: '<D:getetag/><D:resourcetype/>' });
    expect(r.changed.size).to.be.greaterThan(0);
    for (const resp of r.responses) {
      expect(resp.props.get(d('resourcetype'))?.status, resp.href).to.equal(200);
      expect(resp.props.get(d('resourcetype'))?.element.children).to.deep.equal([]);
    }
  });

  it('Thunderbird: address-data inline in sync-collection (vCard 3.0 by default, 4.0 on request)', async () => {
    const r3 = await sync(app, BOOK(), '', { props: '<D:getetag/><A:address-data/>' });
    expect(r3.changed.size).to.be.greaterThan(0);
    for (const resp of r3.responses) expect(prop(resp, carddav('address-data'))?.text, resp.href).to.match(/^BEGIN:VCARD\r?\nVERSION:3\.0/);
    const r4 = await sync(app, BOOK(), '', { props: '<D:getetag/><A:address-data content-type="text/vcard" version="4.0"/>' });
    for (const resp of r4.responses) expect(prop(resp, carddav('address-data'))?.text).to.match(/VERSION:4\.0/);
    for (const resp of r4.responses) expect(prop(resp, d('getetag'))?.text).to.equal(r3.changed.get(resp.href));
  });

  it('create-then-delete between two polls: never reported as present; reported as 404 to a client that saw it', async () => {
    const start = await poll(app, CAL());
    const max = await userId(db(), 'max.muster');
    const create = async () => {
      const [id] = await db()('appointments').insert({ title: 'kurz', starts_at: '2026-12-01 09:00:00.000', ends_at: '2026-12-01 10:00:00.000', owner_id: max });
      await db()('appointment_assignees').insert({ appointment_id: id, user_id: max });
      return Number(id);
    };
    const unseen = await create();
    const mid = await poll(app, CAL());
    expect(mid.token).to.not.equal(start.token);
    await db()('appointments').where('id', unseen).delete();
    const r = await sync(app, CAL(), start.token);
    expect([...r.changed.keys()]).to.deep.equal([]);
    // A client that synced at `mid` and fetched the new object must learn of its deletion.
    const seen = await create();
    const before = await poll(app, CAL());
    const got = await sync(app, CAL(), before.token === mid.token ? mid.token : start.token);
    const href = [...got.changed.keys()].find((h) => idOf(h) === seen)!;
    expect(href).to.be.a('string');
    await db()('appointments').where('id', seen).delete();
    const after = await sync(app, CAL(), got.token);
    expect(after.changed.size).to.equal(0);
    expect(after.removed).to.deep.equal([href]);
  });
});
