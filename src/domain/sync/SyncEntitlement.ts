import type { User } from '../users/User.ts';
import type { SyncKind } from './SyncKind.ts';
import { messageText, type UserMessage } from '../messages/UserMessages.ts';

/** Why a user may not sync (all of it, or one kind). */
export type SyncDenialReason = 'account-inactive' | 'mailing-module-disabled' | 'group-flag-off';

export type SyncDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reason: SyncDenialReason;
      /** For logs and administrators (English). */
      readonly explanation: string;
      /** What the user reads, rendered in their language from the message catalogue. */
      readonly message: UserMessage;
    };

const ALLOWED: SyncDecision = { allowed: true };

const GROUP_FLAG: Record<SyncKind, (u: User) => boolean> = {
  contacts: (u) => u.group.syncContacts,
  calendar: (u) => u.group.syncCalendar,
  tasks: (u) => u.group.syncTasks,
};

function denied(reason: SyncDenialReason, message: UserMessage): SyncDecision {
  return { allowed: false, reason, explanation: messageText(message, 'en'), message };
}

/**
 * Sync is a paid add-on, part of the mailing module: an account syncs only while it is active and
 * the mailing module is enabled for it.
 */
export function decideAccountSync(user: User): SyncDecision {
  if (!user.active) return denied('account-inactive', { key: 'account-inactive', login: user.login });
  if (!user.mailingModuleEnabled) return denied('mailing-module-disabled', { key: 'mailing-module-disabled', login: user.login });
  return ALLOWED;
}

/** An account that may sync may sync one kind only if its group's flag for that kind is on. */
export function decideKindSync(user: User, kind: SyncKind): SyncDecision {
  const account = decideAccountSync(user);
  if (!account.allowed) return account;
  if (!GROUP_FLAG[kind](user)) return denied('group-flag-off', { key: 'group-flag-off', group: user.group.name, kind });
  return ALLOWED;
}

/** The kinds this user may sync right now, in a stable order. */
export function syncableKinds(user: User): SyncKind[] {
  return (['contacts', 'calendar', 'tasks'] as const).filter((k) => decideKindSync(user, k).allowed);
}
