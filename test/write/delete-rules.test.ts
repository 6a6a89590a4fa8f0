import { expect } from 'chai';
import type Koa from 'koa';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { parseMultistatus } from '../support/multistatus.ts';
import { userId } from '../support/fixtures.ts';

const LIST = `<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>`;

async function hrefs(app: Koa, as: string, path: string): Promise<string[]> {
  const res = await dav(app, 'PROPFIND', path, { as, depth: '1', body: LIST });
  return parseMultistatus(res.text).responses.map((r) => r.href).filter((h) => h !== path);
}

/** BrokerStar's delete rules as devices experience them (README "Write rules"). */
forEachDatabase('device deletes under BrokerStar rules', (db) => {
  const app = demoAppForSuite(db);

  it('deleting a shared appointment only removes this user\'s assignment', async () => {
    const max = await userId(db(), 'max.muster');
    const sandra = await userId(db(), 'sandra.keller');
    const shared = await db()('appointment_assignees as a').join('appointment_assignees as b', 'a.appointment_id', 'b.appointment_id')
      .where({ 'a.user_id': max, 'b.user_id': sandra }).first('a.appointment_id as id');
    expect(shared, 'the demo data has an appointment for max and sandra').to.not.equal(undefined);
    const maxHrefs = await hrefs(app, 'max.muster', '/dav/calendars/max.muster/brokerstar/');
    const href = maxHrefs.find((h) => h.endsWith(`brokerstar-appointment-${shared.id}.ics`))!;
    expect(href).to.be.a('string');
    expect((await dav(app, 'DELETE', href)).status).to.equal(204);
    expect(await db()('appointments').where({ id: shared.id }).first()).to.not.equal(undefined);
    const left = await db()('appointment_assignees').where({ appointment_id: shared.id }).pluck('user_id');
    expect(left.map(Number)).to.deep.equal([sandra]);
    expect(await hrefs(app, 'max.muster', '/dav/calendars/max.muster/brokerstar/')).to.not.include(href);
    expect(await hrefs(app, 'sandra.keller', '/dav/calendars/sandra.keller/brokerstar/')).to.include(href.replace('max.muster', 'sandra.keller'));
  });

  it('the last assignee deleting a task deletes it in BrokerStar', async () => {
    const anna = await userId(db(), 'anna.beispiel');
    const own = await db()('task_assignees').where({ user_id: anna }).whereNotIn('task_id', db()('task_assignees').whereNot({ user_id: anna }).select('task_id')).first('task_id');
    const href = `/dav/calendars/anna.beispiel/brokerstar-tasks/brokerstar-task-${own.task_id}.ics`;
    expect((await dav(app, 'GET', href, { as: 'anna.beispiel' })).status).to.equal(200);
    expect((await dav(app, 'DELETE', href, { as: 'anna.beispiel' })).status).to.equal(204);
    expect(await db()('tasks').where({ id: own.task_id }).first()).to.equal(undefined);
    expect((await dav(app, 'GET', href, { as: 'anna.beispiel' })).status).to.equal(404);
  });

  it('a Berater may delete a visible contact: gone from BrokerStar and from every other user\'s address book', async () => {
    const lisaBefore = await hrefs(app, 'lisa.admin', '/dav/addressbooks/lisa.admin/brokerstar/');
    const maxHrefs = await hrefs(app, 'max.muster', '/dav/addressbooks/max.muster/brokerstar/');
    const victim = maxHrefs[0]!;
    const id = Number(/brokerstar-contact-(\d+)\.vcf$/.exec(victim)![1]);
    expect((await dav(app, 'DELETE', victim)).status).to.equal(204);
    expect(await db()('contacts').where({ id }).first()).to.equal(undefined);
    const lisaAfter = await hrefs(app, 'lisa.admin', '/dav/addressbooks/lisa.admin/brokerstar/');
    expect(lisaAfter).to.have.length(lisaBefore.length - 1);
    expect((await dav(app, 'DELETE', victim)).status, 'deleting twice').to.equal(404);
  });
});
