import { expect } from 'chai';
import { RecentlyUsed } from '../../src/adapters/shared/RecentlyUsed.ts';

describe('RecentlyUsed (per-process caches)', () => {
  it('drops the least recently used entry when full', () => {
    const cache = new RecentlyUsed<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).to.equal(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).to.deep.equal([1, undefined, 3]);
  });

  it('bounds the total weight and never keeps an entry heavier than the bound', () => {
    const cache = new RecentlyUsed<string, string>(Number.POSITIVE_INFINITY, 10, (_k, v) => v.length);
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    cache.set('c', 'zzzz');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).to.deep.equal([undefined, 'yyyy', 'zzzz']);
    cache.set('d', 'w'.repeat(11));
    expect(cache.get('d')).to.equal(undefined);
    cache.set('b', 'yy');
    cache.set('e', 'vvvv');
    expect([cache.get('b'), cache.get('c'), cache.get('e')]).to.deep.equal(['yy', 'zzzz', 'vvvv']);
  });
});
