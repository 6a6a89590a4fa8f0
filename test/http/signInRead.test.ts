import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { basic, dav, demoAppForSuite, settled } from '../support/davApp.ts';

const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const POLL = '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/><d:sync-token/></d:prop></d:propfind>';
const ctagOf = (text: string) => /<cs:getctag>([^<]*)</.exec(text)?.[1];

/**
 * A read of one's own collection reads the account and the collection state in one statement
 * (CollectionService.signIn, the CollectionSignIn port): one round trip on MySQL, from the first
 * request on (nothing remembered from earlier requests). What it read is used only for the user
 * that authentication returns, and only when it was current.
 */
forEachDatabase('the login and the collection state in one read', (db, name) => {
  const app = demoAppForSuite(db);

  /** The statements a request runs (earlier requests' saves after their answers are done first). */
  async function traced(request: () => Promise<unknown>): Promise<string[]> {
    await settled(app);
    const statements: string[] = [];
    const started = (q: { sql: string }) => { statements.push(q.sql); };
    db().on('query', started);
    try {
      await request();
    } finally {
      db().removeListener('query', started);
    }
    return statements;
  }

  /**
   * Polls `login`'s address book, edits one of its own contacts in SQL as BrokerStar's web app
   * would, and polls again: the second poll's statements, once its ctag has moved.
   */
  async function pollAfterEdit(login: string, change: Record<string, string>): Promise<string[]> {
    const book = BOOK.replace('max.muster', login);
    const before = ctagOf((await dav(app, 'PROPFIND', book, { as: login, depth: '0', body: POLL })).text);
    const owner = await db()('users').where('login', login).first('id');
    const contact = await db()('contacts').where('owner_id', owner.id).first('id');
    await db()('contacts').where('id', contact.id).update(change);
    let after: string | undefined;
    const statements = await traced(async () => {
      after = ctagOf((await dav(app, 'PROPFIND', book, { as: login, depth: '0', body: POLL })).text);
    });
    expect(after).to.be.a('string').and.not.equal(before);
    return statements;
  }

  it('a poll of an unchanged collection is one statement: the login and the collection state together', async () => {
    expect((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).status).to.equal(207);
    const statements = await traced(async () => {
      expect((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).status).to.equal(207);
    });
    expect(statements, statements.join('\n')).to.have.length(1);
    expect(statements[0]).to.match(/from [`"]users[`"]/i).and.match(/[`"]dav_sequence[`"]/i).and.match(/[`"]dav_collections[`"]/i);
  });

  it('a multiget of an unchanged collection is two statements: the sign-in read, then the members', async () => {
    const hrefs = [1, 2].map((n) => `${BOOK}brokerstar-contact-${n}.vcf`);
    const mget = `<C:addressbook-multiget xmlns:d="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/></d:prop>${hrefs.map((h) => `<d:href>${h}</d:href>`).join('')}</C:addressbook-multiget>`;
    expect((await dav(app, 'REPORT', BOOK, { depth: '0', body: mget })).status).to.equal(207);
    const statements = await traced(async () => {
      expect((await dav(app, 'REPORT', BOOK, { depth: '0', body: mget })).status).to.equal(207);
    });
    expect(statements, statements.join('\n')).to.have.length(2);
  });

  it('a login stored with capitals still signs in by its lowercase form (the case-folding lookup), and its collection is served', async () => {
    await db()('users').where('login', 'max.muster').update({ login: 'Max.Muster' });
    try {
      // Its paths carry the login as stored.
      const res = await dav(app, 'PROPFIND', BOOK.replace('max.muster', 'Max.Muster'), { depth: '0', body: POLL });
      expect(res.status, res.text).to.equal(207);
      expect(ctagOf(res.text)).to.be.a('string');
    } finally {
      await db()('users').where('login', 'Max.Muster').update({ login: 'max.muster' });
    }
  });

  it(`${name}: a mailing module switched off in BrokerStar is refused at the very next request, though the collection state was current`, async () => {
    expect((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).status).to.equal(207);
    await db()('users').where('login', 'max.muster').update({ mailing_module_enabled: 0 });
    try {
      expect((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).status).to.equal(403);
    } finally {
      await db()('users').where('login', 'max.muster').update({ mailing_module_enabled: 1 });
    }
    expect((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).status).to.equal(207);
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

  it('a poll after an edit in BrokerStar refreshes from what the sign-in read found: the collection state is not read a second time', async () => {
    const statements = await pollAfterEdit('max.muster', { first_name: 'Einmal Gelesen' });
    // KnexSyncIndex's own lock-free state read joins the sequence as `s`; the sign-in's as `sq`.
    const stateReads = statements.filter((sql) => /[`"]s[`"]\.[`"]value[`"] as [`"]seq[`"]/i.test(sql));
    expect(stateReads, statements.join('\n')).to.deep.equal([]);
    // Nor the owner's scope and teams: the sign-in read them with the same sequence.
    const ownerReads = statements.filter((sql) => /^select [`"]u[`"]\.[`"]contact_scope[`"] as [`"]contact_scope[`"]/i.test(sql));
    expect(ownerReads, statements.join('\n')).to.deep.equal([]);
    expect(statements[0]).to.match(/from [`"]users[`"]/i).and.match(/[`"]dav_collections[`"]/i);
  });

  it('an address book that holds every contact (scope ALL) refreshes after an edit without first asking whether the change concerns it', async () => {
    // lisa.admin sees every contact; max.muster (TEAM) does not, so his refresh asks: one statement more.
    const membershipChecks = async (login: string) => (await pollAfterEdit(login, { last_name: `Alle ${login}` }))
      .filter((sql) => /^select [`"]object_id[`"] from [`"]dav_collection_members[`"]/i.test(sql)).length;
    expect(await membershipChecks('lisa.admin')).to.equal(0);
    expect(await membershipChecks('max.muster')).to.equal(1);
  });

  it('a wrong password on the owner path answers 401 and nothing of the collection', async () => {
    const ctag = ctagOf((await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL })).text);
    const res = await dav(app, 'PROPFIND', BOOK, { depth: '0', body: POLL, as: null, headers: { Authorization: basic('max.muster', 'wrong') } });
    expect(res.status).to.equal(401);
    expect(ctag).to.be.a('string');
    expect(res.text).to.not.include(ctag!).and.not.match(/getctag|sync-token/i);
  });

  describe('a multiget\'s members, read while the sign-in read is in flight (DavHandler.readAhead)', () => {
    const multiget = (hrefs: readonly string[]) => '<C:addressbook-multiget xmlns:d="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">' +
      `<d:prop><d:getetag/><C:address-data/></d:prop>${hrefs.map((h) => `<d:href>${h}</d:href>`).join('')}</C:addressbook-multiget>`;
    const memberReads = (statements: readonly string[]) => statements.filter((sql) => /from [`"]dav_collection_members[`"] as [`"]m[`"]/i.test(sql));
    const own = async (login: string, count: number) => {
      const owner = await db()('users').where('login', login).first('id');
      const ids = (await db()('contacts').where('owner_id', owner.id).orderBy('id').limit(count).pluck('id')) as number[];
      return ids.map((id) => `${BOOK.replace('max.muster', login)}brokerstar-contact-${id}.vcf`);
    };

    it('are read before authentication has decided, yet a wrong password gets its 401 and nothing of them', async () => {
      const hrefs = await own('max.muster', 3);
      const answer = await dav(app, 'REPORT', BOOK, { depth: '0', body: multiget(hrefs) });
      expect(answer.status).to.equal(207);
      const card = /BEGIN:VCARD[^<]*?FN:([^\r\n<]+)/.exec(answer.text)?.[1];
      expect(card, answer.text).to.be.a('string');
      let refused: Awaited<ReturnType<typeof dav>> | undefined;
      const statements = await traced(async () => {
        refused = await dav(app, 'REPORT', BOOK, { depth: '0', body: multiget(hrefs), as: null, headers: { Authorization: basic('max.muster', 'wrong') } });
      });
      expect(refused!.status).to.equal(401);
      expect(refused!.text).to.not.include(card!).and.not.match(/VCARD|getetag|brokerstar-contact/i);
      expect(memberReads(statements), `the members were read ahead:\n${statements.join('\n')}`).to.have.length(1);
    });

    it('the read-ahead is what the multiget answers from: two statements, and the same answer as the first multiget', async () => {
      const hrefs = await own('max.muster', 4);
      const first = await dav(app, 'REPORT', BOOK, { depth: '0', body: multiget(hrefs) });
      let second: Awaited<ReturnType<typeof dav>> | undefined;
      const statements = await traced(async () => { second = await dav(app, 'REPORT', BOOK, { depth: '0', body: multiget(hrefs) }); });
      expect(second!.status).to.equal(207);
      expect(second!.text).to.equal(first.text);
      expect(memberReads(statements), statements.join('\n')).to.have.length(1);
      expect(statements, statements.join('\n')).to.have.length(2);
    });

    it('nothing is read ahead for an href spelled otherwise than handed out, nor without credentials', async () => {
      const hrefs = await own('max.muster', 2);
      // A multiget as handed out first: the next request of this login has a collection to guess.
      expect((await dav(app, 'REPORT', BOOK, { depth: '0', body: multiget(hrefs) })).status).to.equal(207);
      const spelled = [hrefs[0]!, hrefs[1]!.replace('brokerstar-contact-', 'brokerstar%2Dcontact-')];
      const wrong = await traced(() => dav(app, 'REPORT', BOOK, { depth: '0', body: multiget(spelled), as: null, headers: { Authorization: basic('max.muster', 'wrong') } }));
      expect(memberReads(wrong), wrong.join('\n')).to.deep.equal([]);
      const anonymous = await traced(() => dav(app, 'REPORT', BOOK, { depth: '0', body: multiget(hrefs), as: null }));
      expect(anonymous, anonymous.join('\n')).to.deep.equal([]);
      // The href spelled otherwise is still answered, as the same card.
      const answered = await dav(app, 'REPORT', BOOK, { depth: '0', body: multiget(spelled) });
      expect(answered.text.match(/<d:response>|<response>/g), answered.text).to.have.length(2);
      expect(answered.text).to.not.match(/404/);
    });

    it('a body read ahead that is not well-formed is a 401 without credentials and a 400 with them', async () => {
      const broken = '<C:addressbook-multiget xmlns:d="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><d:href>';
      expect((await dav(app, 'REPORT', BOOK, { depth: '0', body: broken, as: null })).status).to.equal(401);
      expect((await dav(app, 'REPORT', BOOK, { depth: '0', body: broken, as: null, headers: { Authorization: basic('max.muster', 'wrong') } })).status).to.equal(401);
      const refused = await dav(app, 'REPORT', BOOK, { depth: '0', body: broken });
      expect(refused.status).to.equal(400);
    });

    it('after an edit in BrokerStar the multiget answers the edited card, not what was read ahead of the refresh', async () => {
      const [href] = await own('max.muster', 1);
      expect((await dav(app, 'REPORT', BOOK, { depth: '0', body: multiget([href!]) })).status).to.equal(207);
      const id = Number(/brokerstar-contact-(\d+)/.exec(href!)![1]);
      await db()('contacts').where('id', id).update({ first_name: 'Nachher' });
      const after = await dav(app, 'REPORT', BOOK, { depth: '0', body: multiget([href!]) });
      expect(after.status).to.equal(207);
      expect(after.text).to.include('Nachher');
    });
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
