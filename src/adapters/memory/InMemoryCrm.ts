import type { Appointment, Contact, ContactScope, Task, User, UserGroup, Viewer } from '../../domain/index.ts';
import type { Clock } from '../../ports/index.ts';

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

const systemClock: Clock = { now: () => new Date() };

/**
 * The CRM state shared by the in-memory adapters (tests, demos), so that the contact directory sees
 * the users and teams of the user directory, and deletes cascade as the database's foreign keys do.
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
}
