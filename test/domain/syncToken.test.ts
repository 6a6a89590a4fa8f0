import { expect } from 'chai';
import { formatSyncToken, InvalidSyncToken, parseSyncToken } from '../../src/domain/index.ts';

describe('sync tokens', () => {
  it('are URIs (RFC 6578 §3.2; Evolution ignores tokens without ":" or "/") that round-trip', () => {
    const token = formatSyncToken({ collectionId: 3, seq: 1234, afterObjectId: null });
    expect(token).to.match(/^http:\/\/[^ ]+\/3-1234$/);
    expect(parseSyncToken(token)).to.deep.equal({ collectionId: 3, seq: 1234, afterObjectId: null });
    const continuation = formatSyncToken({ collectionId: 3, seq: 1234, afterObjectId: 77 });
    expect(parseSyncToken(continuation)).to.deep.equal({ collectionId: 3, seq: 1234, afterObjectId: 77 });
  });

  for (const foreign of ['', 'abc', '4f6c0c1e-2d1a-4b7e-9e0f-3c2b1a0d9e8f', 'http://brokerstar.biz/ns/sync/x-1', 'http://other.example/ns/sync/3-4']) {
    it(`refuses "${foreign}" as not issued here`, () => expect(() => parseSyncToken(foreign)).to.throw(InvalidSyncToken));
  }
});
