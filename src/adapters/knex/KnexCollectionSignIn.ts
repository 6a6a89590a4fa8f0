import type { Knex } from 'knex';
import type { SyncKind } from '../../domain/index.ts';
import type { CollectionSignIn, SignInRead, UserDirectory } from '../../ports/index.ts';
import type { UserWithGroupRow } from './rows/userRows.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { compiledRows } from './compiledQueries.ts';
import { SEQUENCE_TABLE } from './journal/triggerSql.ts';
import { userWithGroupQuery, userWithTeams } from './KnexUserDirectory.ts';
import { isCurrent, toSnapshot } from './KnexSyncIndex.ts';

type SignInRow = UserWithGroupRow & Record<string, unknown>;

/**
 * {@link CollectionSignIn} as one statement: the user by login (as `KnexUserDirectory`) with the
 * journal sequence and the user's collection row (as `KnexSyncIndex.current`), all from one
 * snapshot. A login that only matches with other capitals is left to `UserDirectory.findCredentials`
 * (its second, case-folding lookup); the collection then counts as not known to be current.
 * A collection behind the journal comes back as `behind`, the refresh's starting point.
 */
export class KnexCollectionSignIn implements CollectionSignIn {
  constructor(
    private readonly db: Knex,
    private readonly users: UserDirectory,
    private readonly s: CrmSchema = CrmSchema.reference,
  ) {}

  async read(login: string, kind: SyncKind): Promise<SignInRead> {
    const s = this.s;
    const rows = await compiledRows<SignInRow>(this.db, s, 'sign-in-with-collection', (p) => userWithGroupQuery(this.db, s)
      .leftJoin(`${SEQUENCE_TABLE} as sq`, (j) => { j.onVal('sq.id', '=', 1); })
      .leftJoin('dav_collections as c', (j) => { j.on('c.user_id', '=', s.c('users', 'id', 'u')).andOnVal('c.kind', '=', p(1)); })
      .where(s.c('users', 'login', 'u'), p(0))
      .select('sq.value as seq', 'sq.pruned_seq', 'c.id as c_id', 'c.user_id as c_user_id', 'c.kind as c_kind', 'c.synced_seq as c_synced_seq',
        'c.last_change_seq as c_last_change_seq', 'c.token_floor_seq as c_token_floor_seq'), [login, kind]);
    // MySQL's case-insensitive collation may also return other spellings: only the exact one counts.
    const exact = rows.filter((r) => r.login === login);
    if (exact.length === 0) return { credentials: await this.users.findCredentials(login), current: null };
    if (exact.length > 1) return { credentials: null, current: null };
    const row = exact[0]!;
    const state = {
      seq: row.seq, pruned_seq: row.pruned_seq, id: row.c_id, user_id: row.c_user_id, kind: row.c_kind,
      synced_seq: row.c_synced_seq, last_change_seq: row.c_last_change_seq, token_floor_seq: row.c_token_floor_seq,
    };
    const credentials = { user: userWithTeams(row), passwordHash: row.password_hash };
    const { id: userId, contactScope: scope, teamIds } = credentials.user;
    const snapshot = { ...toSnapshot({ userId, kind }, state), owner: { userId, scope, teamIds } };
    return isCurrent(snapshot) ? { credentials, current: snapshot.state } : { credentials, current: null, behind: snapshot };
  }
}
