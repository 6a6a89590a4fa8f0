import type { SyncKind } from '../domain/index.ts';
import type { CollectionSnapshot, CollectionState } from './SyncIndex.ts';
import type { UserCredentials } from './UserDirectory.ts';

/** The account and, when it is current, its collection of one kind. */
export interface SignInRead {
  /** As `UserDirectory.findCredentials(login)`. */
  readonly credentials: UserCredentials | null;
  /** As `SyncIndex.current({ userId: credentials.user.id, kind })`; `null` without credentials. */
  readonly current: CollectionState | null;
  /**
   * When `current` is `null` only because the collection is behind the journal or has no row yet:
   * what the same read found, for `SyncIndex.refresh` to start from (one read less whenever
   * anything changed anywhere since the collection's last refresh). May be left out.
   */
  readonly behind?: CollectionSnapshot;
}

/**
 * A device's request to one of its own collections (a poll, a multiget, a sync) first needs the
 * account (password hash, licence, group flags) and whether the collection is current. Read
 * together they are one statement, one round trip on MySQL, and need nothing remembered from an
 * earlier request (any instance answers the first request of a device alike).
 *
 * Contract: the same answers as the two ports' own reads at one moment; `current` never belongs
 * to another user than `credentials`. The login must be normalised (`normalizeLoginName`).
 */
export interface CollectionSignIn {
  read(login: string, kind: SyncKind): Promise<SignInRead>;
}
