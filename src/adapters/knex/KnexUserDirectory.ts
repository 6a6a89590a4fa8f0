import bcrypt from 'bcrypt';
import type { Knex } from 'knex';
import { normalizeLoginName, UserOwnsData, type User, type UserGroup } from '../../domain/index.ts';
import type { Clock, GroupUpdate, NewUser, NewUserGroup, UserCredentials, UserDirectory, UserUpdate } from '../../ports/index.ts';
import { USER_WITH_GROUP_COLUMNS, groupFromRow, groupToRow, newUserToRow, userFromRow, type GroupRow, type UserWithGroupRow } from './rows/userRows.ts';
import { atomically, insertReturningId, toId, toSqlBool, toSqlDateTime } from './sqlValues.ts';
import { systemClock } from './systemClock.ts';

/** bcrypt cost for hashes written by the sync add-on (BrokerStar's own default). */
export const BCRYPT_COST = 10;

/**
 * {@link UserDirectory} on BrokerStar's `users`, `user_groups`, `teams` and `team_memberships` tables.
 *
 * Lookups by login or group name are exact: MySQL's `utf8mb4_unicode_ci` comparison would also match
 * other case or trailing spaces, so the row found is compared once more in JavaScript to behave as on SQLite.
 */
export class KnexUserDirectory implements UserDirectory {
  constructor(private readonly db: Knex | Knex.Transaction, private readonly clock: Clock = systemClock) {}

  async findByLogin(login: string): Promise<User | null> {
    return (await this.findCredentials(login))?.user ?? null;
  }

  async findById(id: number): Promise<User | null> {
    const row = await this.userQuery().where('u.id', id).first();
    return row ? this.withTeams(row) : null;
  }

  async findCredentials(login: string): Promise<UserCredentials | null> {
    const rows = await this.userQuery().where('u.login', login);
    const row = rows.find((r) => r.login === login);
    return row ? { user: await this.withTeams(row), passwordHash: row.password_hash } : null;
  }

  async teamMateIds(userId: number): Promise<Set<number>> {
    const rows: Array<{ user_id: unknown }> = await this.db('team_memberships as mine')
      .join('team_memberships as mate', 'mate.team_id', 'mine.team_id')
      .where('mine.user_id', userId)
      .distinct('mate.user_id');
    return new Set([userId, ...rows.map((r) => toId(r.user_id))]);
  }

  async createGroup(group: NewUserGroup): Promise<number> {
    const now = toSqlDateTime(this.clock.now());
    return insertReturningId(this.db, 'user_groups', { ...groupToRow(group), created_at: now, updated_at: now });
  }

  async findGroupByName(name: string): Promise<UserGroup | null> {
    const rows: GroupRow[] = await this.db('user_groups').where('name', name)
      .select('id', 'name', 'sync_contacts', 'sync_calendar', 'sync_tasks', 'may_edit_contacts', 'may_delete_contacts');
    const row = rows.find((r) => r.name === name);
    return row ? groupFromRow(row) : null;
  }

  async createUser(user: NewUser): Promise<User> {
    const login = normalizeLoginName(user.login);
    const hash = await bcrypt.hash(user.password, BCRYPT_COST);
    const now = toSqlDateTime(this.clock.now());
    const id = await insertReturningId(this.db, 'users', { ...newUserToRow(user, login, hash), created_at: now, updated_at: now });
    const created = await this.findById(id);
    if (!created) throw new Error(`User ${id} vanished right after it was created.`);
    return created;
  }

  async setPassword(login: string, password: string): Promise<boolean> {
    const credentials = await this.findCredentials(login);
    if (!credentials) return false;
    const hash = await bcrypt.hash(password, BCRYPT_COST);
    const changed = await this.db('users').where('id', credentials.user.id)
      .update({ password_hash: hash, updated_at: toSqlDateTime(this.clock.now()) });
    return changed > 0;
  }

  async addToTeam(userId: number, teamName: string): Promise<number> {
    return atomically(this.db, async (trx) => {
      // Idempotent under concurrency: a lost insert race leaves the other instance's team in place.
      await trx('teams').insert({ name: teamName }).onConflict('name').ignore();
      const teams: Array<{ id: unknown; name: string }> = await trx('teams').where('name', teamName).select('id', 'name');
      const team = teams.find((t) => t.name === teamName) ?? teams[0];
      if (!team) throw new Error(`Team "${teamName}" could not be created.`);
      const teamId = toId(team.id);
      await trx('team_memberships').insert({ team_id: teamId, user_id: userId }).onConflict(['team_id', 'user_id']).ignore();
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
      await this.db('users').where('id', id).update({ ...row, updated_at: toSqlDateTime(this.clock.now()) });
    }
    return this.findById(id);
  }

  async deleteUser(id: number): Promise<boolean> {
    return atomically(this.db, async (trx) => {
      const user = await trx('users').where('id', id).first('login');
      if (!user) return false;
      const owned = async (table: string) => Number(((await trx(table).where('owner_id', id).count({ n: '*' }).first()) as { n: unknown }).n);
      const counts = { contacts: await owned('contacts'), appointments: await owned('appointments'), tasks: await owned('tasks') };
      if (counts.contacts + counts.appointments + counts.tasks > 0) throw new UserOwnsData(String(user.login), counts);
      // Link rows first and explicitly: MySQL runs no triggers for cascaded deletes, and these journal.
      for (const table of ['contact_shares', 'appointment_assignees', 'task_assignees', 'team_memberships']) {
        await trx(table).where('user_id', id).delete();
      }
      return (await trx('users').where('id', id).delete()) > 0;
    });
  }

  async removeFromTeam(userId: number, teamName: string): Promise<boolean> {
    const teams: Array<{ id: unknown; name: string }> = await this.db('teams').where('name', teamName).select('id', 'name');
    const team = teams.find((t) => t.name === teamName);
    if (!team) return false;
    return (await this.db('team_memberships').where({ team_id: toId(team.id), user_id: userId }).delete()) > 0;
  }

  async updateGroup(id: number, changes: GroupUpdate): Promise<UserGroup | null> {
    const current = await this.db('user_groups').where('id', id)
      .first('id', 'name', 'sync_contacts', 'sync_calendar', 'sync_tasks', 'may_edit_contacts', 'may_delete_contacts') as GroupRow | undefined;
    if (!current) return null;
    const merged = { ...groupFromRow(current), ...changes };
    await this.db('user_groups').where('id', id).update({ ...groupToRow(merged), updated_at: toSqlDateTime(this.clock.now()) });
    return { ...merged, id };
  }

  /**
   * The user with group and team ids in ONE query (every DAV request authenticates, so this is on
   * the hottest path); `group_concat` exists under this name in MySQL/MariaDB and SQLite.
   */
  private userQuery(): Knex.QueryBuilder<UserWithGroupRow, UserWithGroupRow[]> {
    const teams = this.db('team_memberships as tm').whereRaw('tm.user_id = u.id').select(this.db.raw('group_concat(tm.team_id)'));
    return this.db<UserWithGroupRow>('users as u')
      .join('user_groups as g', 'g.id', 'u.group_id')
      .select(...USER_WITH_GROUP_COLUMNS, teams.as('team_ids')) as unknown as Knex.QueryBuilder<UserWithGroupRow, UserWithGroupRow[]>;
  }

  private async withTeams(row: UserWithGroupRow): Promise<User> {
    const raw = (row as { team_ids?: unknown }).team_ids;
    const ids = raw === null || raw === undefined || raw === '' ? [] : String(raw).split(',').map(Number);
    return userFromRow(row, ids.sort((a, b) => a - b));
  }
}
