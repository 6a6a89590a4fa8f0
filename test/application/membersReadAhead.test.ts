import { expect } from 'chai';
import { CollectionService } from '../../src/application/CollectionService.ts';
import type { ObjectRenderer } from '../../src/application/ObjectRenderer.ts';
import { defaultName } from '../../src/application/naming.ts';
import type { User } from '../../src/domain/index.ts';
import type { CollectionSignIn, CollectionState, MemberListing, SignInRead, StoredObject, SyncIndex } from '../../src/ports/index.ts';

const MAX: User = {
  id: 7, login: 'max.muster', displayName: 'Max Muster', email: null, active: true, mailingModuleEnabled: true, contactScope: 'ALL', teamIds: [],
  group: { id: 1, name: 'Berater', syncContacts: true, syncCalendar: true, syncTasks: true, mayEditContacts: true, mayDeleteContacts: true },
};
const BOOK: CollectionState = { id: 40, userId: MAX.id, kind: 'contacts', syncedSeq: 90, lastChangeSeq: 80, tokenFloorSeq: 0 };
const names = (ids: readonly number[]) => ids.map((id) => defaultName('contact', id));

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

/**
 * A collection service over fakes: the sign-in read answers only when the test says so, and every
 * member read (`listMembersByIds`) is recorded with the collection id it was for.
 */
function setUp(options: { current?: CollectionState | null; failReads?: boolean } = {}) {
  const signIn = deferred<SignInRead>();
  const reads: Array<{ collectionId: number; ids: readonly number[] }> = [];
  const refreshed: Array<{ userId: number }> = [];
  const syncIndex = {
    async listMembersByIds(collection: CollectionState, ids: readonly number[]): Promise<MemberListing[]> {
      reads.push({ collectionId: collection.id, ids: [...ids] });
      if (options.failReads && reads.length === 1) throw new Error('connection lost');
      return ids.map((objectId) => ({ objectId, crmVersion: 1, stored: { name: defaultName('contact', objectId), etag: `"e${objectId}"`, crmVersion: 1, shadowed: false } }) as unknown as MemberListing);
    },
    async refresh(owner: { userId: number }) {
      refreshed.push(owner);
      return { ...BOOK, id: 41 };
    },
  } as unknown as SyncIndex;
  const renderer = {
    async objects(_kind: string, members: readonly MemberListing[]) {
      return new Map(members.map((m) => [m.objectId, { kind: 'contact', objectId: m.objectId, name: m.stored!.name, body: `card ${m.objectId}`, etag: m.stored!.etag } as unknown as StoredObject]));
    },
  } as unknown as ObjectRenderer;
  const port: CollectionSignIn = { read: () => signIn.promise };
  const service = new CollectionService({ syncIndex, objects: {} as never }, renderer, port);
  const answer = () => signIn.resolve({ credentials: { user: MAX, passwordHash: 'x' }, current: options.current === undefined ? BOOK : options.current });
  return { service, reads, refreshed, answer };
}

describe('a multiget\'s members read while the sign-in read is in flight (EarlySignIn.readAhead)', () => {
  it('is started before the sign-in answers, and the multiget uses it: no second read', async () => {
    const { service, reads, answer } = setUp();
    const early = service.signIn('max.muster', 'contacts')!;
    early.readAhead(BOOK, names([3, 1, 2, 3]));
    expect(reads, 'read before the sign-in answered').to.deep.equal([{ collectionId: 40, ids: [1, 2, 3] }]);
    answer();
    const collection = await service.open(MAX, 'contacts', early);
    const found = await collection.getByNames(names([1, 2, 3]));
    expect([...found.keys()]).to.deep.equal(names([1, 2, 3]));
    expect(found.get(defaultName('contact', 2))?.body).to.equal('card 2');
    expect(reads).to.have.length(1);
  });

  it('a guess of another collection (the row was made anew) is dropped: the members are read from the signed-in one', async () => {
    const { service, reads, answer } = setUp({ current: { ...BOOK, id: 41 } });
    const early = service.signIn('max.muster', 'contacts')!;
    early.readAhead(BOOK, names([1, 2]));
    answer();
    const found = await (await service.open(MAX, 'contacts', early)).getByNames(names([1, 2]));
    expect(found.size).to.equal(2);
    expect(reads.map((r) => r.collectionId)).to.deep.equal([40, 41]);
  });

  it('a collection behind the journal is refreshed first; what was read ahead of the refresh is dropped', async () => {
    const { service, reads, refreshed, answer } = setUp({ current: null });
    const early = service.signIn('max.muster', 'contacts')!;
    early.readAhead(BOOK, names([1, 2]));
    answer();
    const collection = await service.open(MAX, 'contacts', early);
    expect(refreshed).to.have.length(1);
    await collection.getByNames(names([1, 2]));
    expect(reads.map((r) => r.collectionId)).to.deep.equal([40, 41]);
  });

  it('other members than were read ahead are read anew; the read-ahead serves one lookup only', async () => {
    const { service, reads, answer } = setUp();
    const early = service.signIn('max.muster', 'contacts')!;
    early.readAhead(BOOK, names([1, 2]));
    answer();
    const collection = await service.open(MAX, 'contacts', early);
    await collection.getByNames(names([1, 2, 5]));
    await collection.getByNames(names([1, 2]));
    await collection.getByNames(names([1, 2]));
    // The read ahead of [1, 2] serves the second lookup; the third reads them itself.
    expect(reads.map((r) => r.ids)).to.deep.equal([[1, 2], [1, 2, 5], [1, 2]]);
  });

  it('a failed read-ahead is not the request\'s failure: the members are read again', async () => {
    const { service, reads, answer } = setUp({ failReads: true });
    const early = service.signIn('max.muster', 'contacts')!;
    early.readAhead(BOOK, names([1]));
    answer();
    const found = await (await service.open(MAX, 'contacts', early)).getByNames(names([1]));
    expect(found.size).to.equal(1);
    expect(reads).to.have.length(2);
  });

  it('reads nothing for a name a device chose (it needs a lookup first), for another kind, or for more than 100 names', () => {
    const { service, reads } = setUp();
    const early = service.signIn('max.muster', 'contacts')!;
    early.readAhead(BOOK, [...names([1]), 'iphone-card.vcf']);
    early.readAhead(BOOK, [defaultName('appointment', 1)]);
    early.readAhead({ ...BOOK, kind: 'calendar' }, names([1]));
    early.readAhead(BOOK, names(Array.from({ length: 101 }, (_, i) => i + 1)));
    expect(reads).to.deep.equal([]);
    early.readAhead(BOOK, names([1]));
    early.readAhead(BOOK, names([2]));
    expect(reads, 'once per request').to.have.length(1);
  });

  it('another user signing in on the same path never gets the members read for the guess', async () => {
    const { service, reads, answer } = setUp();
    const early = service.signIn('max.muster', 'contacts')!;
    early.readAhead(BOOK, names([1]));
    answer();
    const other: User = { ...MAX, id: 8, login: 'lisa.admin' };
    // The sign-in read's state is for user 7: for user 8 it is not known, so the collection is refreshed for 8.
    const collection = await service.open(other, 'contacts', early);
    await collection.getByNames(names([1]));
    expect(reads.map((r) => r.collectionId)).to.deep.equal([40, 41]);
  });
});
