import type { User, UserGroup, ContactScope } from '../domain/index.ts';

/** A user together with the stored password hash (bcrypt, `$2a$`/`$2b$`/`$2y$`). */
export interface UserCredentials {
  readonly user: User;
  readonly passwordHash: string;
}

export interface NewUser {
  readonly login: string;
  readonly password: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly groupId: number;
  readonly active?: boolean;
  readonly mailingModuleEnabled: boolean;
  readonly contactScope: ContactScope;
}

export type NewUserGroup = Omit<UserGroup, 'id'>;

/** The user fields an administrator may change (login and password have their own operations). */
export type UserUpdate = Partial<{
  readonly displayName: string;
  readonly email: string | null;
  readonly groupId: number;
  readonly contactScope: ContactScope;
  readonly mailingModuleEnabled: boolean;
  readonly active: boolean;
}>;

export type GroupUpdate = Partial<NewUserGroup>;

/**
 * BrokerStar's users, groups and teams.
 *
 * Logins passed in must already be normalised (`normalizeLoginName`); lookups are exact.
 */
export interface UserDirectory {
  /** The user with this login, or `null` when there is none. */
  findByLogin(login: string): Promise<User | null>;
  /** The user with this id, or `null` when there is none. */
  findById(id: number): Promise<User | null>;
  /** The user and stored hash for password verification, or `null` when the login is unknown. */
  findCredentials(login: string): Promise<UserCredentials | null>;
  /** Ids of every user who shares a team with `userId`, including `userId` itself. */
  teamMateIds(userId: number): Promise<Set<number>>;

  /** Creates a group; throws when the name is taken. Returns its id. */
  createGroup(group: NewUserGroup): Promise<number>;
  findGroupByName(name: string): Promise<UserGroup | null>;
  /** Creates a user with a bcrypt hash of `password`; returns the new user. */
  createUser(user: NewUser): Promise<User>;
  /** Sets a new password (bcrypt). Returns false when the login is unknown. */
  setPassword(login: string, password: string): Promise<boolean>;
  /** Creates the team if needed and adds the user to it. Returns the team id. */
  addToTeam(userId: number, teamName: string): Promise<number>;

  /** Changes the given fields; returns the user as stored now, or `null` when the id is unknown. */
  updateUser(id: number, changes: UserUpdate): Promise<User | null>;
  /**
   * Deletes the user with team memberships, shares, assignments and DAV state. Throws
   * `UserOwnsData` while the user still owns contacts, appointments or tasks (deactivate instead).
   * Returns false when the id is unknown.
   */
  deleteUser(id: number): Promise<boolean>;
  /** Removes the user from the named team; false when the team does not exist or the user is not in it. */
  removeFromTeam(userId: number, teamName: string): Promise<boolean>;
  /** Changes a group's name or flags; returns the group as stored now, or `null` when the id is unknown. */
  updateGroup(id: number, changes: GroupUpdate): Promise<UserGroup | null>;
}
