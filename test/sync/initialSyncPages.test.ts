import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { demoAppForSuite } from '../support/davApp.ts';
import { writeContacts } from '../../src/adapters/knex/seed/bulkWriter.ts';
import { generateContacts } from '../../src/adapters/knex/seed/contactGenerator.ts';
import { BOOK, listing, poll, sync } from '../http/reports/reportHelpers.ts';

/**
 * An initial sync without a limit (Thunderbird, DAVx5) lists the members page by page (1 000 per
 * page) by object id. Over several pages every member comes exactly once, and the token it hands
 * out misses nothing that changes afterwards, also in a page the listing had already passed.
 */
forEachDatabase('Initial sync-collection over several pages', (db) => {
  const app = demoAppForSuite(db);
  const path = BOOK();

  before(async () => {
    const owner = Number((await db()('users').where('login', 'max.muster').first('id')).id);
    await writeContacts(db(), owner, generateContacts(7, 2_100), {});
  });

  it('every member exactly once, the same hrefs and ETags as PROPFIND Depth 1, and the poll\'s token', async () => {
    const expected = await listing(app, path);
    expect(expected.size).to.be.greaterThan(2_100);
    const r = await sync(app, path, '');
    const hrefs = r.responses.map((x) => x.href).filter((h) => h !== path);
    expect(hrefs.length).to.equal(expected.size);
    expect(new Set(hrefs).size).to.equal(hrefs.length);
    expect(r.changed).to.deep.equal(expected);
    expect(r.removed).to.deep.equal([]);
    expect(r.truncated).to.equal(false);
    expect(r.token).to.equal((await poll(app, path)).token);
  });

  it('from its token, the next sync reports edits and deletions in the first, middle and last page', async () => {
    const initial = await sync(app, path, '');
    const hrefs = [...initial.changed.keys()].sort((a, b) => idOf(a) - idOf(b));
    const [first, middle, last] = [hrefs[3]!, hrefs[1_500]!, hrefs[hrefs.length - 2]!];
    await db()('contacts').where('id', idOf(first)).update({ notes: 'edited after the initial sync' });
    await db()('contacts').where('id', idOf(last)).update({ notes: 'edited after the initial sync' });
    await db()('contacts').where('id', idOf(middle)).delete();
    const next = await sync(app, path, initial.token);
    expect([...next.changed.keys()].sort()).to.deep.equal([first, last].sort());
    for (const href of [first, last]) expect(next.changed.get(href)).to.not.equal(initial.changed.get(href));
    expect(next.removed).to.deep.equal([middle]);
  });
});

function idOf(href: string): number {
  return Number(/-(\d+)\.vcf$/.exec(href)?.[1]);
}
