import bcrypt from 'bcrypt';
import { normalizeLoginName, type User, type UserGroup } from '../../domain/index.ts';
import type { NewUser, NewUserGroup, UserCredentials, UserDirectory } from '../../ports/index.ts';
import type { InMemoryCrm } from './InMemoryCrm.ts';

/** Same cost as the knex adapter, so hashes are interchangeable and tests see realistic hashes. */
const BCRYPT_COST = 10;

/** {@link UserDirectory} on an {@link InMemoryCrm}; behaves like `KnexUserDirectory` (exact lookups, unique names). */
export class InMemoryUserDirectory implements UserDirectory {
  constructor(private readonly crm: InMemoryCrm) {}

  async findByLogin(login: string): Promise<User | null> {
    return (await this.findCredentials(login))?.user ?? null;
  }

  async findById(id: number): Promise<User | null> {
    const stored = this.crm.users.get(id);
    return stored ? this.crm.toUser(stored) : null;
  }

  async findCredentials(login: string): Promise<UserCredentials | null> {
    const stored = [...this.crm.users.values()].find((u) => u.login === login);
    return stored ? { user: this.crm.toUser(stored), passwordHash: stored.passwordHash } : null;
  }

  async teamMateIds(userId: number): Promise<Set<number>> {
    return this.crm.teamMateIds(userId);
  }

  async createGroup(group: NewUserGroup): Promise<number> {
    if ([...this.crm.groups.values()].some((g) => g.name === group.name)) {
      throw new Error(`A user group named "${group.name}" already exists.`);
    }
    const id = this.crm.nextId('user_groups');
    this.crm.groups.set(id, { ...group, id });
    return id;
  }

  async findGroupByName(name: string): Promise<UserGroup | null> {
    const group = [...this.crm.groups.values()].find((g) => g.name === name);
    return group ? { ...group } : null;
  }

  async createUser(user: NewUser): Promise<User> {
    const login = normalizeLoginName(user.login);
    if ([...this.crm.users.values()].some((u) => u.login === login)) throw new Error(`The login "${login}" is taken.`);
    if (!this.crm.groups.has(user.groupId)) throw new Error(`Unknown user group ${user.groupId} (foreign key).`);
    const passwordHash = await bcrypt.hash(user.password, BCRYPT_COST);
    const id = this.crm.nextId('users');
    this.crm.users.set(id, {
      id, login, passwordHash, displayName: user.displayName, email: user.email, active: user.active ?? true,
      mailingModuleEnabled: user.mailingModuleEnabled, contactScope: user.contactScope, groupId: user.groupId,
    });
    return this.crm.toUser(this.crm.users.get(id)!);
  }

  async setPassword(login: string, password: string): Promise<boolean> {
    const stored = [...this.crm.users.values()].find((u) => u.login === login);
    if (!stored) return false;
    this.crm.users.set(stored.id, { ...stored, passwordHash: await bcrypt.hash(password, BCRYPT_COST) });
    return true;
  }

  async addToTeam(userId: number, teamName: string): Promise<number> {
    this.crm.requireUser(userId);
    let teamId = [...this.crm.teams].find(([, name]) => name === teamName)?.[0];
    if (teamId === undefined) {
      teamId = this.crm.nextId('teams');
      this.crm.teams.set(teamId, teamName);
    }
    // Journals the membership as the `team_memberships` trigger does (and nothing when already a member).
    this.crm.addMembership(teamId, userId);
    return teamId;
  }
}
