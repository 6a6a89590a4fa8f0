import { InvalidSyncToken } from '../errors/index.ts';

/**
 * A position in a collection's change history. RFC 6578 §3.2 requires the token to be a URI;
 * Evolution ignores tokens without ':' or '/'. The collection id inside makes another user's or
 * another collection's token recognisable as foreign.
 *
 * `afterObjectId` is set only for the continuation token of a truncated answer: several changes
 * can share one sequence number, so a page may end inside it.
 */
export interface SyncPosition {
  readonly collectionId: number;
  readonly seq: number;
  readonly afterObjectId: number | null;
}

const PREFIX = 'http://brokerstar.biz/ns/sync/';
const PATTERN = /^http:\/\/brokerstar\.biz\/ns\/sync\/(\d+)-(\d+)(?:-(\d+))?$/;

export function formatSyncToken(p: SyncPosition): string {
  const tail = p.afterObjectId === null ? '' : `-${p.afterObjectId}`;
  return `${PREFIX}${p.collectionId}-${p.seq}${tail}`;
}

/** Parses a token; throws `InvalidSyncToken` for anything this server did not issue. */
export function parseSyncToken(token: string): SyncPosition {
  const m = PATTERN.exec(token.trim());
  if (!m) throw new InvalidSyncToken(`"${token}" is not a sync token of this server.`);
  return {
    collectionId: Number(m[1]),
    seq: Number(m[2]),
    afterObjectId: m[3] === undefined ? null : Number(m[3]),
  };
}
