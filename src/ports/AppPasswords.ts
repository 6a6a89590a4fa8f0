/** One app password of a user as stored: only the bcrypt hash of its secret part is kept. */
export interface StoredAppPassword {
  readonly id: number;
  readonly userId: number;
  readonly label: string;
  /** The public first part of the password, to find its row without trying every hash. */
  readonly lookup: string;
  readonly hash: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  /** Client family of the last use (see the HTTP layer's clientFamily), e.g. `apple`. */
  readonly lastClient: string | null;
}

export interface NewAppPassword {
  readonly userId: number;
  readonly label: string;
  readonly lookup: string;
  readonly hash: string;
  readonly createdAt: Date;
}

/** Per-device passwords a user creates on the setup page (or an administrator with the CLI). */
export interface AppPasswords {
  /** Stores a new one; `null` when the user already has one with this label. */
  create(password: NewAppPassword): Promise<StoredAppPassword | null>;
  /** The user's app passwords, oldest first. */
  list(userId: number): Promise<StoredAppPassword[]>;
  /** The app password with this lookup part, or `null`. */
  findByLookup(lookup: string): Promise<StoredAppPassword | null>;
  /** Deletes the user's app password with this label; false when there is none. */
  revoke(userId: number, label: string): Promise<boolean>;
  /** Notes a successful use. */
  recordUse(id: number, at: Date, clientFamily: string): Promise<void>;
}

/** Secrets the server keeps in its database so that every instance on it agrees (e.g. the CSRF key). */
export interface ServerSecrets {
  /** The secret with this name, created at random on first use. */
  get(name: string): Promise<string>;
}
