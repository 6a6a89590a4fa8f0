import { expect } from 'chai';
import type { AppPasswords, ServerSecrets } from '../../src/ports/index.ts';

export interface AppPasswordsSubject {
  readonly store: AppPasswords;
  readonly secrets: ServerSecrets;
}

let counter = 0;
/** A lookup part no other test used (they share a database per suite). */
const lookup = () => `T${String(++counter).padStart(3, '0')}${process.pid % 1000}`.slice(0, 9).padEnd(9, 'X');

/** The {@link AppPasswords} and {@link ServerSecrets} contract; call inside a `describe`. */
export function appPasswordsContract(makeSubject: () => Promise<AppPasswordsSubject>): void {
  let s: AppPasswordsSubject;
  const userId = () => 900_000 + counter * 10;
  beforeEach(async () => {
    s = await makeSubject();
  });

  it('stores, lists oldest first, finds by lookup and revokes by label; labels are unique per user only', async () => {
    const user = userId();
    const at = new Date('2026-11-30T08:15:30.123Z');
    const first = await s.store.create({ userId: user, label: 'iPhone Max', lookup: lookup(), hash: '$2b$10$first', createdAt: at });
    const second = await s.store.create({ userId: user, label: 'Outlook Büro', lookup: lookup(), hash: '$2b$10$second', createdAt: at });
    expect(first && second).to.not.equal(null);
    expect(await s.store.create({ userId: user, label: 'iPhone Max', lookup: lookup(), hash: 'x', createdAt: at }), 'same label').to.equal(null);
    expect(await s.store.create({ userId: user + 1, label: 'iPhone Max', lookup: lookup(), hash: 'x', createdAt: at }), 'other user').to.not.equal(null);
    expect(await s.store.create({ userId: user + 2, label: 'Other', lookup: first!.lookup, hash: 'x', createdAt: at }), 'same lookup').to.equal(null);

    const list = await s.store.list(user);
    expect(list.map((p) => p.label)).to.deep.equal(['iPhone Max', 'Outlook Büro']);
    expect(list[0]!.createdAt.getTime()).to.equal(at.getTime());
    expect(list[0]!.lastUsedAt).to.equal(null);
    expect(await s.store.findByLookup(second!.lookup)).to.deep.include({ label: 'Outlook Büro', userId: user, hash: '$2b$10$second' });
    expect(await s.store.findByLookup('NONE-NONE')).to.equal(null);

    const used = new Date('2026-11-30T09:00:00.000Z');
    await s.store.recordUse(first!.id, used, 'apple');
    const after = (await s.store.list(user))[0]!;
    expect(after.lastUsedAt?.getTime()).to.equal(used.getTime());
    expect(after.lastClient).to.equal('apple');

    expect(await s.store.revoke(user, 'iPhone Max')).to.equal(true);
    expect(await s.store.revoke(user, 'iPhone Max')).to.equal(false);
    expect(await s.store.findByLookup(first!.lookup)).to.equal(null);
    expect((await s.store.list(user)).map((p) => p.label)).to.deep.equal(['Outlook Büro']);
  });

  it('a server secret is created once and then always the same', async () => {
    const a = await s.secrets.get('setup-csrf');
    expect(a).to.have.length.greaterThan(30);
    expect(await s.secrets.get('setup-csrf')).to.equal(a);
    const other = await s.secrets.get(`contract-${counter}`);
    expect(other).to.not.equal(a);
  });
}
