import { expect } from 'chai';
import { pruneHistory } from '../../src/adapters/knex/journal/retention.ts';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { BOOK, CAL, listing, poll, sync, syncBody } from '../http/reports/reportHelpers.ts';

const DAVX5 = { 'User-Agent': 'DAVx5/4.4.3-ose (at.bitfire.davdroid)' };

forEachDatabase('journal retention', (db) => {
  const app = demoAppForSuite(db);

  it('a token older than the kept history gets 403 valid-sync-token; the device re-syncs fully and then incrementally', async () => {
    const initial = await sync(app, BOOK(), '');
    const everything = await listing(app, BOOK());
    const [firstHref] = [...everything.keys()];
    const firstId = Number(/-(\d+)\.vcf$/.exec(firstHref!)?.[1]);
    await db()('contacts').where('id', firstId).update({ notes: 'before the prune' });
    expect((await sync(app, BOOK(), initial.token)).changed.size).to.equal(1);

    const result = await pruneHistory(db(), new Date(Date.now() + 60_000));
    expect(result.prunedThroughSeq).to.be.greaterThan(0);
    expect(result.journalEntries).to.be.greaterThan(0);
    expect(await db()('dav_change_journal').count({ n: '*' }).first()).to.satisfy((r: { n: unknown }) => Number(r.n) === 0);

    // DAVx5's next incremental sync with its old token:
    const stale = await dav(app, 'REPORT', BOOK(), { depth: '0', body: syncBody(initial.token), headers: DAVX5 });
    expect(stale.status).to.equal(403);
    expect(stale.text).to.match(/<[\w:]*valid-sync-token/);
    // … which makes it start over with an empty token: every member, nothing lost.
    const full = await sync(app, BOOK(), '');
    expect([...full.changed.keys()].sort()).to.deep.equal([...everything.keys()].sort());
    // Changes after the prune are incremental again.
    await db()('contacts').where('id', firstId).update({ notes: 'after the prune' });
    const next = await sync(app, BOOK(), full.token);
    expect([...next.changed.keys()]).to.deep.equal([firstHref]);
    expect(next.removed).to.deep.equal([]);
  });

  it('a collection idle while the journal was pruned is rebuilt whole on its next poll (no change is missed)', async () => {
    const before = await poll(app, CAL());
    const events = await listing(app, CAL());
    const [href] = [...events.keys()];
    const id = Number(/-(\d+)\.ics$/.exec(href!)?.[1]);
    await db()('appointments').where('id', id).update({ location: 'Raum während der Pause' });
    await pruneHistory(db(), new Date(Date.now() + 60_000));
    const after = await poll(app, CAL());
    expect(after.ctag).to.not.equal(before.ctag);
    const refreshed = await listing(app, CAL());
    expect(refreshed.get(href!)).to.not.equal(events.get(href!));
    const res = await dav(app, 'GET', href!);
    expect(res.text).to.include('Raum während der Pause');
  });

  it('pruning with nothing old enough changes nothing', async () => {
    const state = await poll(app, BOOK());
    const result = await pruneHistory(db(), new Date('2000-01-01T00:00:00Z'));
    expect(result).to.deep.equal({ prunedThroughSeq: 0, journalEntries: 0, removedMembers: 0, tombstones: 0 });
    expect(await poll(app, BOOK())).to.deep.equal(state);
  });
});
