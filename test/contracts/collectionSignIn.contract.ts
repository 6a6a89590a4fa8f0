import { expect } from 'chai';
import type { CollectionSignIn, SyncIndex, UserDirectory } from '../../src/ports/index.ts';
import type { CrmFixture } from './syncIndex.contract.ts';

export interface CollectionSignInWorld {
  readonly signIn: CollectionSignIn;
  readonly users: UserDirectory;
  readonly index: SyncIndex;
  readonly crm: CrmFixture;
  /** Stores another login for the user, as BrokerStar's administration would. */
  setLogin(userId: number, login: string): Promise<void>;
}

/**
 * The contract of {@link CollectionSignIn}: the account as `UserDirectory.findCredentials` reads it
 * and the collection as `SyncIndex.current` does, in one read; never another user's collection.
 */
export function collectionSignInContract(world: () => CollectionSignInWorld | Promise<CollectionSignInWorld>): void {
  const loginOf = async (w: CollectionSignInWorld, id: number) => (await w.users.findById(id))!.login;

  it('an unknown login: no credentials, no collection', async () => {
    const w = await world();
    expect(await w.signIn.read('nobody-here', 'contacts')).to.deep.equal({ credentials: null, current: null });
  });

  it('a known login: the credentials findCredentials reads; a collection never built is not current', async () => {
    const w = await world();
    const me = await w.crm.user();
    const login = await loginOf(w, me);
    const read = await w.signIn.read(login, 'contacts');
    expect(read.credentials).to.deep.equal(await w.users.findCredentials(login));
    expect(read.credentials!.user.id).to.equal(me);
    expect(read.current).to.equal(null);
  });

  it('after a refresh: the state SyncIndex.current reads, of this kind only', async () => {
    const w = await world();
    const me = await w.crm.user();
    await w.crm.contact(me);
    const login = await loginOf(w, me);
    const refreshed = await w.index.refresh({ userId: me, kind: 'contacts' });
    const read = await w.signIn.read(login, 'contacts');
    expect(read.current).to.deep.equal(await w.index.current({ userId: me, kind: 'contacts' }));
    expect(read.current).to.deep.include({ id: refreshed.id, userId: me, kind: 'contacts', lastChangeSeq: refreshed.lastChangeSeq });
    expect((await w.signIn.read(login, 'calendar')).current, 'the calendar was never built').to.equal(null);
  });

  it('each login gets its own collection, never another user\'s', async () => {
    const w = await world();
    const [a, b] = [await w.crm.user(), await w.crm.user()];
    await w.crm.contact(a);
    const stateA = await w.index.refresh({ userId: a, kind: 'contacts' });
    const stateB = await w.index.refresh({ userId: b, kind: 'contacts' });
    const readA = await w.signIn.read(await loginOf(w, a), 'contacts');
    const readB = await w.signIn.read(await loginOf(w, b), 'contacts');
    expect(readA.current).to.deep.include({ id: stateA.id, userId: a });
    expect(readB.current).to.deep.include({ id: stateB.id, userId: b });
    expect(stateA.id).to.not.equal(stateB.id);
  });

  it('a change made in the CRM makes the collection not current until it is refreshed; the credentials stay', async () => {
    const w = await world();
    const me = await w.crm.user();
    const login = await loginOf(w, me);
    await w.index.refresh({ userId: me, kind: 'contacts' });
    await w.crm.contact(me);
    const stale = await w.signIn.read(login, 'contacts');
    expect(stale.current).to.equal(null);
    expect(stale.credentials!.user.id).to.equal(me);
    const refreshed = await w.index.refresh({ userId: me, kind: 'contacts' });
    expect((await w.signIn.read(login, 'contacts')).current).to.deep.equal(refreshed);
  });

  it('a collection behind the journal: `behind`, where given, is the sequence and the collection as they were; a refresh from it takes the change in as one without', async () => {
    const w = await world();
    const me = await w.crm.user();
    const key = { userId: me, kind: 'contacts' as const };
    await w.index.refresh(key);
    const added = await w.crm.contact(me);
    const stale = await w.signIn.read(await loginOf(w, me), 'contacts');
    expect(stale.current).to.equal(null);
    if (stale.behind) {
      expect(stale.behind.key).to.deep.equal(key);
      expect(stale.behind.seq).to.equal(await w.index.currentSeq());
      expect(stale.behind.state).to.deep.equal(await w.index.peek(key));
      // Where the read carries the owner, it is the one the credentials describe (the refresh plans with it).
      if (stale.behind.owner) expect(stale.behind.owner).to.deep.equal({ userId: me, scope: stale.credentials!.user.contactScope, teamIds: stale.credentials!.user.teamIds });
    }
    const refreshed = await w.index.refresh(key, stale.behind);
    expect(refreshed.syncedSeq).to.equal(await w.index.currentSeq());
    expect((await w.index.listMembers(refreshed, 0, 100)).map((m) => m.objectId)).to.include(added);
    expect(await w.index.current(key)).to.deep.equal(refreshed);
  });

  it('a refresh from an outdated `behind` (others refreshed and changed meanwhile) still takes in every change', async () => {
    const w = await world();
    const me = await w.crm.user();
    const key = { userId: me, kind: 'contacts' as const };
    await w.index.refresh(key);
    const first = await w.crm.contact(me);
    const old = await w.signIn.read(await loginOf(w, me), 'contacts');
    await w.index.refresh(key);
    const second = await w.crm.contact(me);
    const refreshed = await w.index.refresh(key, old.behind);
    expect(refreshed.syncedSeq).to.equal(await w.index.currentSeq());
    expect((await w.index.listMembers(refreshed, 0, 100)).map((m) => m.objectId)).to.include.members([first, second]);
  });

  it('a refresh from a `behind` read before the owner\'s scope changed takes in what the new scope shows', async () => {
    const w = await world();
    const [me, colleague] = [await w.crm.user('OWN'), await w.crm.user('OWN')];
    const key = { userId: me, kind: 'contacts' as const };
    await w.index.refresh(key);
    const mine = await w.crm.contact(me);
    const old = await w.signIn.read(await loginOf(w, me), 'contacts');
    const theirs = await w.crm.contact(colleague);
    await w.crm.setScope(me, 'ALL');
    const refreshed = await w.index.refresh(key, old.behind);
    expect(refreshed.syncedSeq).to.equal(await w.index.currentSeq());
    expect((await w.index.listMembers(refreshed, 0, 1000)).map((m) => m.objectId)).to.include.members([mine, theirs]);
  });

  it("another user's `behind` is ignored by the refresh: each collection gets its own members", async () => {
    const w = await world();
    const [a, b] = [await w.crm.user(), await w.crm.user()];
    await w.index.refresh({ userId: a, kind: 'contacts' });
    await w.crm.contact(a);
    const readA = await w.signIn.read(await loginOf(w, a), 'contacts');
    const stateB = await w.index.refresh({ userId: b, kind: 'contacts' }, readA.behind);
    expect(stateB.userId).to.equal(b);
    expect(await w.index.current({ userId: b, kind: 'contacts' })).to.deep.equal(stateB);
    expect(await w.index.peek({ userId: a, kind: 'contacts' })).to.not.deep.include({ id: stateB.id });
  });

  it('a login stored with other capitals: the credentials as findCredentials finds them by the lowercase login', async () => {
    const w = await world();
    const me = await w.crm.user();
    const login = await loginOf(w, me);
    await w.index.refresh({ userId: me, kind: 'contacts' });
    await w.setLogin(me, login.toUpperCase());
    const read = await w.signIn.read(login, 'contacts');
    const expected = await w.users.findCredentials(login);
    expect(read.credentials).to.deep.equal(expected);
    if (read.current !== null) expect(read.current.userId).to.equal(me);
  });
}
