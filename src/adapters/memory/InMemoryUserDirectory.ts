import bcrypt from 'bcrypt';
import { normalizeLoginName, UserOwnsData, type User, type UserGroup } from '../../domain/index.ts';
import type { GroupUpdate, NewUser, NewUserGroup, UserCredentials, UserDirectory, UserUpdate } from '../../ports/index.ts';
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

  async updateUser(id: number, changes: UserUpdate): Promise<User | null> {
    if (!this.crm.users.has(id)) return null;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    this.crm.updateUser(id, defined);
    return this.findById(id);
  }

  async deleteUser(id: number): Promise<boolean> {
    const stored = this.crm.users.get(id);
    if (!stored) return false;
    const owns = (items: Iterable<{ ownerId: number }>) => [...items].filter((o) => o.ownerId === id).length;
    const owned = { contacts: owns(this.crm.contacts.values()), appointments: owns(this.crm.appointments.values()), tasks: owns(this.crm.tasks.values()) };
    if (owned.contacts + owned.appointments + owned.tasks > 0) throw new UserOwnsData(stored.login, owned);
    for (const teamId of [...(this.crm.memberships.get(id) ?? [])]) this.crm.removeMembership(teamId, id);
    this.crm.memberships.delete(id);
    // Journalled as the link tables' delete triggers do.
    for (const [contactId, sharedWith] of this.crm.shares) {
      if (sharedWith.delete(id)) this.crm.journal.append('contact_share', contactId, id);
    }
    for (const [key, a] of this.crm.appointments) {
      if (!a.assigneeIds.includes(id)) continue;
      this.crm.appointments.set(key, { ...a, assigneeIds: a.assigneeIds.filter((u) => u !== id) });
      this.crm.journal.append('appointment_assignee', key, id);
    }
    for (const [key, t] of this.crm.tasks) {
      if (!t.assigneeIds.includes(id)) continue;
      this.crm.tasks.set(key, { ...t, assigneeIds: t.assigneeIds.filter((u) => u !== id) });
      this.crm.journal.append('task_assignee', key, id);
    }
    this.crm.users.delete(id);
    this.crm.journal.append('user', id);
    return true;
  }

  async removeFromTeam(userId: number, teamName: string): Promise<boolean> {
    const teamId = [...this.crm.teams].find(([, name]) => name === teamName)?.[0];
    if (teamId === undefined || !this.crm.memberships.get(userId)?.has(teamId)) return false;
    this.crm.removeMembership(teamId, userId);
    return true;
  }

  async updateGroup(id: number, changes: GroupUpdate): Promise<UserGroup | null> {
    const current = this.crm.groups.get(id);
    if (!current) return null;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as GroupUpdate;
    if (defined.name !== undefined && [...this.crm.groups.values()].some((g) => g.id !== id && g.name === defined.name)) {
      throw new Error(`A user group named "${defined.name}" already exists.`);
    }
    const updated = { ...current, ...defined, id };
    this.crm.groups.set(id, updated);
    return { ...updated };
  }
}
