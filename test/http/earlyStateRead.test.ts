import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { basic, dav, demoAppForSuite } from '../support/davApp.ts';

const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const POLL = '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/><d:sync-token/></d:prop></d:propfind>';
const ctagOf = (text: string) => /<cs:getctag>([^<]*)</.exec(text)?.[1];

/**
 * A read of one's own collection starts the collection state read while the login is checked
 * (DavHandler.readEarly): on MySQL the two reads are one round trip apart instead of two. What it
 * read is used only for the user that authentication returns, and only when it was current.
 */
forEachDatabase('collection state read while the login is checked', (db, name) => {
  const app = demoAppForSuite(db);

  /** The statements a request runs, and whether a second one started before the first answered. */
  async function traced(request: () => Promise<unknown>): Promise<{ statements: string[]; overlapped: boolean }> {
    const statements: string[] = [];
    let open = 0;
    let overlapped = false;
    const started = (q: { sql: string }) => {
      statements.push(q.sql);
      open += 1;
      overlapped ||= open > 1;
    };
    const ended = () => { open -= 1; };
    db().on('query', started).on('query-response', ended).on('query-error', ended);
    try {
      await request();
    } finally {
      db().removeListener('query', started).removeListener('query-response', ended).removeListener('query-error', ended);
    }
    return { statements, overlapped };
  }

  it('a poll after an earlier request reads the login and the collection state, nothing else; on MySQL at once', async () => {
    expect((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).status).to.equal(207);
    const { statements, overlapped } = await traced(async () => {
      expect((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).status).to.equal(207);
    });
    expect(statements, statements.join('\n')).to.have.length(2);
    expect(statements.some((sql) => /from [`"]users[`"]/i.test(sql)), 'the login').to.equal(true);
    expect(statements.some((sql) => /from [`"]dav_sequence[`"]/i.test(sql)), 'the collection state').to.equal(true);
    if (name === 'mysql') expect(overlapped, 'the state read started before the login read answered').to.equal(true);
  });

  it('an edit made in BrokerStar between two polls is seen: a state that is not current is refreshed', async () => {
    const before = ctagOf((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).text);
    const owner = await db()('users').where('login', 'max.muster').first('id');
    const contact = await db()('contacts').where('owner_id', owner.id).first('id');
    await db()('contacts').where('id', contact.id).update({ first_name: 'Früh Gelesen' });
    const after = ctagOf((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).text);
    expect(before).to.be.a('string');
    expect(after).to.be.a('string').and.not.equal(before);
  });

  it('a wrong password on the owner path answers 401 and nothing of the collection', async () => {
    const ctag = ctagOf((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).text);
    const res = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL, as: null, headers: { Authorization: basic('max.muster', 'wrong') } });
    expect(res.status).to.equal(401);
    expect(ctag).to.be.a('string');
    expect(res.text).to.not.include(ctag!).and.not.match(/getctag|sync-token/i);
  });

  it("another user's login on max.muster's path gets no state of max.muster's collection", async () => {
    await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL });
    const own = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL });
    const res = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL, as: 'lisa.admin' });
    expect(res.status).to.not.equal(207);
    const ctag = ctagOf(own.text);
    expect(ctag).to.be.a('string');
    expect(res.text).to.not.include(ctag!);
  });
});
