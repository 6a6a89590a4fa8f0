import bcrypt from 'bcrypt';
import type { Knex } from 'knex';
import { normalizeLoginName, UserOwnsData, type User, type UserGroup } from '../../domain/index.ts';
import type { Clock, GroupUpdate, NewUser, NewUserGroup, UserCredentials, UserDirectory, UserUpdate } from '../../ports/index.ts';
import { GROUP_COLUMNS, USER_COLUMNS, groupFromRow, groupToRow, newUserToRow, userFromRow, type GroupRow, type UserWithGroupRow } from './rows/userRows.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { compiledRows } from './compiledQueries.ts';
import { teamIdsColumn, teamIdsOf } from './schema/teamIds.ts';
import { atomically, insertReturningId, toId, toSqlBool, toSqlDateTime } from './sqlValues.ts';
import { systemClock } from './systemClock.ts';

/** bcrypt cost for hashes written by the sync add-on (BrokerStar's own default). */
export const BCRYPT_COST = 10;

/**
 * {@link UserDirectory} on BrokerStar's users, user groups, teams and team memberships, named by the
 * installation's {@link CrmSchema}.
 *
 * Lookups by login or group name are exact: MySQL's `utf8mb4_unicode_ci` comparison would also match
 * other case or trailing spaces, so the row found is compared once more in JavaScript to behave as on SQLite.
 */
export class KnexUserDirectory implements UserDirectory {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly clock: Clock = systemClock,
    private readonly s: CrmSchema = CrmSchema.reference,
  ) {}

  async findByLogin(login: string): Promise<User | null> {
    return (await this.findCredentials(login))?.user ?? null;
  }

  async findById(id: number): Promise<User | null> {
    const row = await this.userQuery().where(this.s.c('users', 'id', 'u'), id).first();
    return row ? this.withTeams(row) : null;
  }

  /**
   * Exact match first (the login index); BrokerStar's logins are lowercase, but a login stored with
   * capitals must still be reachable by its lowercased form, so a second, case-folding lookup runs
   * when nothing matched exactly. Two logins differing only in case are ambiguous: neither is found.
   */
  async findCredentials(login: string): Promise<UserCredentials | null> {
    const column = this.s.c('users', 'login', 'u');
    const exact = await compiledRows<UserWithGroupRow>(this.db, this.s, 'user-by-login', (p) => this.userQuery().where(column, p(0)), [login]);
    let rows = exact.filter((r) => r.login === login);
    if (rows.length === 0) {
      rows = (await this.userQuery().whereRaw('LOWER(??) = ?', [column, login.toLowerCase()]))
        .filter((r) => r.login.toLowerCase() === login.toLowerCase());
    }
    const row = rows.length === 1 ? rows[0] : undefined;
    return row ? { user: await this.withTeams(row), passwordHash: row.password_hash } : null;
  }

  async teamMateIds(userId: number): Promise<Set<number>> {
    const s = this.s;
    const rows: Array<{ user_id: unknown }> = await this.db(s.as('team_memberships', 'mine'))
      .join(s.as('team_memberships', 'mate'), s.c('team_memberships', 'team_id', 'mate'), s.c('team_memberships', 'team_id', 'mine'))
      .where(s.c('team_memberships', 'user_id', 'mine'), userId)
      .distinct(`${s.c('team_memberships', 'user_id', 'mate')} as user_id`);
    return new Set([userId, ...rows.map((r) => toId(r.user_id))]);
  }

  async createGroup(group: NewUserGroup): Promise<number> {
    const now = toSqlDateTime(this.clock.now());
    return insertReturningId(this.db, this.s.t('user_groups'), this.s.row('user_groups', { ...groupToRow(group), created_at: now, updated_at: now }));
  }

  async findGroupByName(name: string): Promise<UserGroup | null> {
    const s = this.s;
    const rows: GroupRow[] = await this.db(s.t('user_groups')).where(s.c('user_groups', 'name'), name)
      .select(...s.select('user_groups', GROUP_COLUMNS));
    const row = rows.find((r) => r.name === name);
    return row ? groupFromRow(row) : null;
  }

  async createUser(user: NewUser): Promise<User> {
    const login = normalizeLoginName(user.login);
    const hash = await bcrypt.hash(user.password, BCRYPT_COST);
    const now = toSqlDateTime(this.clock.now());
    const id = await insertReturningId(this.db, this.s.t('users'),
      this.s.row('users', { ...newUserToRow(user, login, hash), created_at: now, updated_at: now }));
    const created = await this.findById(id);
    if (!created) throw new Error(`User ${id} vanished right after it was created.`);
    return created;
  }

  async setPassword(login: string, password: string): Promise<boolean> {
    const credentials = await this.findCredentials(login);
    if (!credentials) return false;
    const hash = await bcrypt.hash(password, BCRYPT_COST);
    const changed = await this.db(this.s.t('users')).where(this.s.c('users', 'id'), credentials.user.id)
      .update(this.s.row('users', { password_hash: hash, updated_at: toSqlDateTime(this.clock.now()) }));
    return changed > 0;
  }

  async addToTeam(userId: number, teamName: string): Promise<number> {
    const s = this.s;
    return atomically(this.db, async (trx) => {
      // Idempotent under concurrency: a lost insert race leaves the other instance's team in place.
      await trx(s.t('teams')).insert(s.row('teams', { name: teamName })).onConflict(s.c('teams', 'name')).ignore();
      const teams: Array<{ id: unknown; name: string }> = await trx(s.t('teams')).where(s.c('teams', 'name'), teamName)
        .select(...s.select('teams', ['id', 'name']));
      const team = teams.find((t) => t.name === teamName) ?? teams[0];
      if (!team) throw new Error(`Team "${teamName}" could not be created.`);
      const teamId = toId(team.id);
      await trx(s.t('team_memberships')).insert(s.row('team_memberships', { team_id: teamId, user_id: userId }))
        .onConflict([s.c('team_memberships', 'team_id'), s.c('team_memberships', 'user_id')]).ignore();
      return teamId;
    });
  }

  async updateUser(id: number, changes: UserUpdate): Promise<User | null> {
    const row: Record<string, unknown> = {};
    if (changes.displayName !== undefined) row.display_name = changes.displayName;
    if (changes.email !== undefined) row.email = changes.email;
    if (changes.groupId !== undefined) row.group_id = changes.groupId;
    if (changes.contactScope !== undefined) row.contact_scope = changes.contactScope;
    if (changes.mailingModuleEnabled !== undefined) row.mailing_module_enabled = toSqlBool(changes.mailingModuleEnabled);
    if (changes.active !== undefined) row.active = toSqlBool(changes.active);
    if (Object.keys(row).length > 0) {
      await this.db(this.s.t('users')).where(this.s.c('users', 'id'), id)
        .update(this.s.row('users', { ...row, updated_at: toSqlDateTime(this.clock.now()) }));
    }
    return this.findById(id);
  }

  async deleteUser(id: number): Promise<boolean> {
    const s = this.s;
    return atomically(this.db, async (trx) => {
      const user = await trx(s.t('users')).where(s.c('users', 'id'), id).first(`${s.c('users', 'login')} as login`);
      if (!user) return false;
      const owned = async (table: 'contacts' | 'appointments' | 'tasks') =>
        Number(((await trx(s.t(table)).where(s.c(table, 'owner_id'), id).count({ n: '*' }).first()) as { n: unknown }).n);
      const counts = { contacts: await owned('contacts'), appointments: await owned('appointments'), tasks: await owned('tasks') };
      if (counts.contacts + counts.appointments + counts.tasks > 0) throw new UserOwnsData(String(user.login), counts);
      // Link rows first and explicitly: MySQL runs no triggers for cascaded deletes, and these journal.
      for (const table of ['contact_shares', 'appointment_assignees', 'task_assignees', 'team_memberships'] as const) {
        await trx(s.t(table)).where(s.c(table, 'user_id'), id).delete();
      }
      return (await trx(s.t('users')).where(s.c('users', 'id'), id).delete()) > 0;
    });
  }

  async removeFromTeam(userId: number, teamName: string): Promise<boolean> {
    const s = this.s;
    const teams: Array<{ id: unknown; name: string }> = await this.db(s.t('teams')).where(s.c('teams', 'name'), teamName)
      .select(...s.select('teams', ['id', 'name']));
    const team = teams.find((t) => t.name === teamName);
    if (!team) return false;
    return (await this.db(s.t('team_memberships')).where(s.row('team_memberships', { team_id: toId(team.id), user_id: userId })).delete()) > 0;
  }

  async updateGroup(id: number, changes: GroupUpdate): Promise<UserGroup | null> {
    const s = this.s;
    const current = await this.db(s.t('user_groups')).where(s.c('user_groups', 'id'), id)
      .first(...s.select('user_groups', GROUP_COLUMNS)) as GroupRow | undefined;
    if (!current) return null;
    const merged = { ...groupFromRow(current), ...changes };
    await this.db(s.t('user_groups')).where(s.c('user_groups', 'id'), id)
      .update(s.row('user_groups', { ...groupToRow(merged), updated_at: toSqlDateTime(this.clock.now()) }));
    return { ...merged, id };
  }

  /**
   * The user with group and team ids in ONE query (every DAV request authenticates, so this is on
   * the hottest path).
   */
  private userQuery(): Knex.QueryBuilder<UserWithGroupRow, UserWithGroupRow[]> {
    return userWithGroupQuery(this.db, this.s);
  }

  private async withTeams(row: UserWithGroupRow): Promise<User> {
    return userWithTeams(row);
  }
}

/** Users (alias `u`) with their group (`g`, columns prefixed `g_`) and team ids. */
export function userWithGroupQuery(db: Knex | Knex.Transaction, s: CrmSchema): Knex.QueryBuilder<UserWithGroupRow, UserWithGroupRow[]> {
  return db<UserWithGroupRow>(s.as('users', 'u'))
    .join(s.as('user_groups', 'g'), s.c('user_groups', 'id', 'g'), s.c('users', 'group_id', 'u'))
    .select(...s.select('users', USER_COLUMNS, 'u'), ...s.select('user_groups', GROUP_COLUMNS, 'g', 'g_'), teamIdsColumn(db, s)) as unknown as Knex.QueryBuilder<UserWithGroupRow, UserWithGroupRow[]>;
}

/** The user of a {@link userWithGroupQuery} row. */
export function userWithTeams(row: UserWithGroupRow): User {
  return userFromRow(row, teamIdsOf((row as { team_ids?: unknown }).team_ids));
}
