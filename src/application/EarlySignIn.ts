import { OBJECT_KIND_OF, type SyncKind } from '../domain/index.ts';
import type { CollectionState, MemberListing, SignInRead, SyncIndex, UserCredentials } from '../ports/index.ts';
import { objectIdFromDefaultName } from './naming.ts';

/** At most this many members are read ahead: a DAVx5 multiget asks for 10. */
export const MAX_READ_AHEAD = 100;

/** Members read before the sign-in answered, for one collection and one set of objects. */
export interface MembersReadAhead {
  readonly collectionId: number;
  /** Distinct, ascending: what `SyncIndex.listMembersByIds` was asked for. */
  readonly objectIds: readonly number[];
  /** `null` when the read failed: the request then reads them itself. */
  readonly members: Promise<MemberListing[] | null>;
}

/**
 * The sign-in read of one request ({@link CollectionService.signIn}): the account and the state of
 * the collection the request is for, read at once before authentication decides.
 *
 * On MySQL each statement is a round trip. A multiget's members need the collection's id, which
 * the sign-in read returns; {@link readAhead} reads them meanwhile, on another connection, from the
 * collection this login's last request opened. `open` keeps that read only when the signed-in user's
 * collection proves current and to be that one; otherwise it is dropped unread (a wrong guess
 * costs one bounded query, never a wrong answer). Nothing read here reaches a response before
 * authentication has succeeded.
 */
export class EarlySignIn {
  readonly credentials: Promise<UserCredentials | null>;
  /** What the read found of the collection (`SignInRead`'s `current` and `behind`); `null` when it failed. */
  readonly collection: Promise<Pick<SignInRead, 'current' | 'behind'> | null>;
  private ahead: MembersReadAhead | undefined;

  constructor(
    readonly kind: SyncKind,
    read: Promise<SignInRead>,
    private readonly syncIndex: SyncIndex,
  ) {
    this.credentials = read.then((r) => r.credentials);
    // Authentication may stop before it reads them (a malformed login): never an unhandled rejection.
    this.credentials.catch(() => undefined);
    this.collection = read.then((r) => r, () => null);
  }

  /**
   * Starts reading, with their bodies, the members that `names` (BrokerStar's default names only)
   * name in `guess`, a state this login's collection of this kind had. Does nothing when a name is
   * not a default name (those need a lookup first), when there are more than {@link MAX_READ_AHEAD},
   * or when a read was started already.
   */
  readAhead(guess: CollectionState, names: readonly string[]): void {
    if (this.ahead || guess.kind !== this.kind || names.length === 0 || names.length > MAX_READ_AHEAD) return;
    const ids = new Set<number>();
    for (const name of names) {
      const id = objectIdFromDefaultName(OBJECT_KIND_OF[this.kind], name);
      if (id === null) return;
      ids.add(id);
    }
    const objectIds = [...ids].sort((a, b) => a - b);
    const members = this.syncIndex.listMembersByIds(guess, objectIds, true).then((m) => m, () => null);
    this.ahead = { collectionId: guess.id, objectIds, members };
  }

  /** The read-ahead, when it was for `state`'s collection; handed out once. */
  takeReadAhead(state: CollectionState): MembersReadAhead | undefined {
    const ahead = this.ahead;
    if (!ahead || ahead.collectionId !== state.id || state.kind !== this.kind) return undefined;
    this.ahead = undefined;
    return ahead;
  }
}
