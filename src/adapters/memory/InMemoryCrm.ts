import type { Appointment, Contact, ContactScope, Task, User, UserGroup, Viewer } from '../../domain/index.ts';
import type { Clock } from '../../ports/index.ts';
import { InMemoryJournal, type JournalSnapshot } from './InMemoryJournal.ts';

/** A user as kept in memory: the group by id, teams in {@link InMemoryCrm.memberships}. */
export interface StoredUser {
  readonly id: number;
  readonly login: string;
  readonly passwordHash: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly active: boolean;
  readonly mailingModuleEnabled: boolean;
  readonly contactScope: ContactScope;
  readonly groupId: number;
}

type Table = 'user_groups' | 'users' | 'teams' | 'contacts' | 'appointments' | 'tasks';

/** The user columns whose change the database's `dav_users_au` trigger journals (who sees / syncs what). */
const JOURNALLED_USER_FIELDS = ['contactScope', 'groupId', 'active', 'mailingModuleEnabled'] as const;

/** What BrokerStar's web application may change on a user (password aside). */
export type UserChanges = Partial<Omit<StoredUser, 'id' | 'login' | 'passwordHash'>>;

/** Everything {@link InMemoryCrm.snapshot} captures; opaque to callers. */
export interface CrmSnapshot {
  readonly tables: unknown;
  readonly sequences: ReadonlyMap<Table, number>;
  readonly journal: JournalSnapshot;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * The CRM state shared by the in-memory adapters (tests, demos), so that the contact directory sees
 * the users and teams of the user directory, and deletes cascade as the database's foreign keys do.
 * Every write appends to {@link journal} exactly where the database's triggers would
 * (`adapters/knex/journal/triggers.ts`), so the in-memory sync index notices it on its own.
 */
export class InMemoryCrm {
  readonly groups = new Map<number, UserGroup>();
  readonly users = new Map<number, StoredUser>();
  /** Team id → name. */
  readonly teams = new Map<number, string>();
  /** User id → ids of the user's teams. */
  readonly memberships = new Map<number, Set<number>>();
  readonly contacts = new Map<number, Contact>();
  /** Contact id → ids of the users it is shared with. */
  readonly shares = new Map<number, Set<number>>();
  readonly appointments = new Map<number, Appointment>();
  readonly tasks = new Map<number, Task>();
  /** The change journal the database's triggers would fill. */
  readonly journal = new InMemoryJournal();
  private readonly sequences = new Map<Table, number>();

  constructor(readonly clock: Clock = systemClock) {}

  /** Auto-increment ids per table, as the database assigns them. */
  nextId(table: Table): number {
    const id = (this.sequences.get(table) ?? 0) + 1;
    this.sequences.set(table, id);
    return id;
  }

  toUser(stored: StoredUser): User {
    const group = this.groups.get(stored.groupId);
    if (!group) throw new Error(`User ${stored.id} refers to unknown group ${stored.groupId}.`);
    const { passwordHash: _hash, groupId: _group, ...rest } = stored;
    return { ...rest, group: { ...group }, teamIds: [...(this.memberships.get(stored.id) ?? [])].sort((a, b) => a - b) };
  }

  /** Every user sharing a team with `userId`, the user included. */
  teamMateIds(userId: number): Set<number> {
    const mates = new Set<number>([userId]);
    const mine = this.memberships.get(userId) ?? new Set<number>();
    for (const [otherId, teams] of this.memberships) {
      if ([...teams].some((t) => mine.has(t))) mates.add(otherId);
    }
    return mates;
  }

  /** The viewer for the visibility rule, or `null` for an unknown user. */
  viewer(userId: number): Viewer | null {
    const user = this.users.get(userId);
    return user ? { userId, scope: user.contactScope, teamMateIds: this.teamMateIds(userId) } : null;
  }

  requireUser(userId: number): void {
    if (!this.users.has(userId)) throw new Error(`Unknown user ${userId} (foreign key).`);
  }

  /** Changes a user as the web application does; journals it when it changes who sees or syncs what. */
  updateUser(userId: number, changes: UserChanges): void {
    const current = this.users.get(userId);
    if (!current) throw new Error(`Unknown user ${userId}.`);
    if (changes.groupId !== undefined && !this.groups.has(changes.groupId)) {
      throw new Error(`Unknown user group ${changes.groupId} (foreign key).`);
    }
    const updated: StoredUser = { ...current, ...changes };
    this.users.set(userId, updated);
    if (JOURNALLED_USER_FIELDS.some((f) => updated[f] !== current[f])) this.journal.append('user', userId);
  }

  /** Adds a team membership (idempotent: like INSERT … ON CONFLICT IGNORE, a no-op journals nothing). */
  addMembership(teamId: number, userId: number): void {
    this.requireUser(userId);
    if (!this.teams.has(teamId)) throw new Error(`Unknown team ${teamId} (foreign key).`);
    const teams = this.memberships.get(userId) ?? new Set<number>();
    if (teams.has(teamId)) return;
    teams.add(teamId);
    this.memberships.set(userId, teams);
    this.journal.append('team_membership', teamId, userId);
  }

  removeMembership(teamId: number, userId: number): void {
    if (this.memberships.get(userId)?.delete(teamId)) this.journal.append('team_membership', teamId, userId);
  }

  /** A deep copy of the whole state (for rolling back an in-memory transaction). */
  snapshot(): CrmSnapshot {
    return { tables: structuredClone(this.tables()), sequences: new Map(this.sequences), journal: this.journal.snapshot() };
  }

  /** Puts a snapshot back in place: adapters hold references to the maps, so they are refilled, not replaced. */
  restore(s: CrmSnapshot): void {
    const copies = structuredClone(s.tables) as Array<Map<unknown, unknown>>;
    this.tables().forEach((table, i) => {
      table.clear();
      for (const [k, v] of copies[i]!) table.set(k, v);
    });
    this.sequences.clear();
    for (const [k, v] of s.sequences) this.sequences.set(k, v);
    this.journal.restore(s.journal);
  }

  private tables(): Array<Map<unknown, unknown>> {
    return [this.groups, this.users, this.teams, this.memberships, this.contacts, this.shares, this.appointments, this.tasks] as Array<Map<unknown, unknown>>;
  }
}
