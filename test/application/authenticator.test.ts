import { expect } from 'chai';
import bcrypt from 'bcrypt';
import { Authenticator } from '../../src/application/Authenticator.ts';
import { InMemoryCrm } from '../../src/adapters/memory/InMemoryCrm.ts';
import { InMemoryUserDirectory } from '../../src/adapters/memory/InMemoryUserDirectory.ts';
import type { UserDirectory } from '../../src/ports/index.ts';

describe('Authenticator (HTTP Basic against bcrypt hashes)', function () {
  this.timeout(20_000);
  let now = Date.parse('2026-11-28T10:00:00Z');
  const clock = { now: () => new Date(now) };
  let directory: InMemoryUserDirectory;
  let crm: InMemoryCrm;

  beforeEach(async () => {
    crm = new InMemoryCrm(clock);
    directory = new InMemoryUserDirectory(crm);
    const berater = await directory.createGroup({ name: 'Berater', syncContacts: true, syncCalendar: true, syncTasks: true, mayEditContacts: true, mayDeleteContacts: true });
    await directory.createUser({ login: 'max.muster', password: 'geheim', displayName: 'Max', email: null, groupId: berater, mailingModuleEnabled: true, contactScope: 'TEAM' });
    await directory.createUser({ login: 'peter.ohne', password: 'geheim', displayName: 'Peter', email: null, groupId: berater, mailingModuleEnabled: false, contactScope: 'OWN' });
  });

  const table: Array<[string, string, string, string]> = [
    ['the right password', 'max.muster', 'geheim', 'authenticated'],
    ['a capitalised login (iOS capitalises the first letter)', 'Max.Muster', 'geheim', 'authenticated'],
    ['a wrong password', 'max.muster', 'falsch', 'rejected'],
    ['an unknown login', 'nobody', 'geheim', 'rejected'],
    ['a malformed login', 'max muster', 'geheim', 'rejected'],
    ['the right password without the mailing module', 'peter.ohne', 'geheim', 'not-entitled'],
    ['a wrong password without the mailing module', 'peter.ohne', 'falsch', 'rejected'],
  ];
  for (const [what, login, password, outcome] of table) {
    it(`${what} → ${outcome}`, async () => {
      const auth = new Authenticator(directory, clock, 60_000);
      expect((await auth.authenticate(login, password)).kind).to.equal(outcome);
    });
  }

  it('names why credentials were refused (for the log and the metrics)', async () => {
    const auth = new Authenticator(directory, clock, 60_000);
    const reason = async (login: string, password: string) => {
      const outcome = await auth.authenticate(login, password);
      return outcome.kind === 'rejected' ? outcome.reason : outcome.kind;
    };
    expect(await reason('max.muster', 'falsch')).to.equal('wrong-password');
    expect(await reason('nobody', 'geheim')).to.equal('unknown-login');
    expect(await reason('max muster', 'geheim')).to.equal('invalid-login');
  });

  it('checks the account the request read already (the sign-in read) and does not read it again', async () => {
    const unread: UserDirectory = Object.assign(Object.create(directory) as UserDirectory, {
      findCredentials: async () => { throw new Error('read again'); },
    });
    const auth = new Authenticator(unread, clock, 60_000);
    const account = directory.findCredentials('max.muster');
    expect((await auth.authenticate('max.muster', 'geheim', 'unknown', { credentials: account })).kind).to.equal('authenticated');
    expect((await auth.authenticate('max.muster', 'falsch', 'unknown', { credentials: account })).kind).to.equal('rejected');
    expect((await auth.authenticate('nobody', 'geheim', 'unknown', { credentials: Promise.resolve(null) })).kind).to.equal('rejected');
    // A failed read fails authentication as any storage failure does.
    await auth.authenticate('max.muster', 'geheim', 'unknown', { credentials: Promise.reject(new Error('database gone')) })
      .then(() => expect.fail('authenticated without an account'), (err: Error) => expect(err.message).to.equal('database gone'));
  });

  it('accepts PHP $2y$ hashes as BrokerStar writes them', async () => {
    const hash = (await bcrypt.hash('php-pass', 4)).replace(/^\$2b\$/, '$2y$');
    const users: UserDirectory = Object.assign(Object.create(directory) as UserDirectory, {
      findCredentials: async () => ({ user: (await directory.findByLogin('max.muster'))!, passwordHash: hash }),
    });
    expect((await new Authenticator(users, clock, 60_000).authenticate('max.muster', 'php-pass')).kind).to.equal('authenticated');
  });

  it('a password change takes effect at once although the old credential was cached', async () => {
    const auth = new Authenticator(directory, clock, 60_000);
    expect((await auth.authenticate('max.muster', 'geheim')).kind).to.equal('authenticated');
    await directory.setPassword('max.muster', 'neu');
    expect((await auth.authenticate('max.muster', 'geheim')).kind).to.equal('rejected');
    expect((await auth.authenticate('max.muster', 'neu')).kind).to.equal('authenticated');
  });

  it('disabling the mailing module takes effect at the next request even with a cached password', async () => {
    const auth = new Authenticator(directory, clock, 60_000);
    expect((await auth.authenticate('max.muster', 'geheim')).kind).to.equal('authenticated');
    const max = (await directory.findByLogin('max.muster'))!;
    crm.updateUser(max.id, { mailingModuleEnabled: false });
    expect((await auth.authenticate('max.muster', 'geheim')).kind).to.equal('not-entitled');
  });

  it('verifies a credential once for parallel requests, and again only after the cache expired', async () => {
    let compares = 0;
    const original = bcrypt.compare;
    (bcrypt as { compare: typeof bcrypt.compare }).compare = (async (a: string, b: string) => { compares++; return original(a, b); }) as typeof bcrypt.compare;
    try {
      const auth = new Authenticator(directory, clock, 60_000);
      const results = await Promise.all(Array.from({ length: 8 }, () => auth.authenticate('max.muster', 'geheim')));
      expect(results.every((r) => r.kind === 'authenticated')).to.equal(true);
      expect(compares).to.equal(1);
      await auth.authenticate('max.muster', 'geheim');
      expect(compares).to.equal(1);
      now += 61_000;
      await auth.authenticate('max.muster', 'geheim');
      expect(compares).to.equal(2);
    } finally {
      (bcrypt as { compare: typeof bcrypt.compare }).compare = original;
    }
  });
});
