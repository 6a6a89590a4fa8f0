import type { User } from '../users/User.ts';
import type { SyncKind } from './SyncKind.ts';

/** Why a user may not sync (all of it, or one kind). */
export type SyncDenialReason = 'account-inactive' | 'mailing-module-disabled' | 'group-flag-off';

export type SyncDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: SyncDenialReason; readonly explanation: string };

const ALLOWED: SyncDecision = { allowed: true };

const GROUP_FLAG: Record<SyncKind, { flag: (u: User) => boolean; label: string }> = {
  contacts: { flag: (u) => u.group.syncContacts, label: 'Kontakte synchronisieren / sync contacts' },
  calendar: { flag: (u) => u.group.syncCalendar, label: 'Kalender synchronisieren / sync calendar' },
  tasks: { flag: (u) => u.group.syncTasks, label: 'Aufgaben synchronisieren / sync tasks' },
};

/**
 * Sync is a paid add-on, part of the mailing module: an account syncs only while it is active and
 * the mailing module is enabled for it.
 */
export function decideAccountSync(user: User): SyncDecision {
  if (!user.active) {
    return { allowed: false, reason: 'account-inactive', explanation: `The BrokerStar account "${user.login}" is deactivated.` };
  }
  if (!user.mailingModuleEnabled) {
    return {
      allowed: false,
      reason: 'mailing-module-disabled',
      explanation:
        `Synchronisation is part of the BrokerStar mailing module, which is not enabled for "${user.login}". ` +
        'Ask your BrokerStar administrator to enable it in your user profile.',
    };
  }
  return ALLOWED;
}

/** An account that may sync may sync one kind only if its group's flag for that kind is on. */
export function decideKindSync(user: User, kind: SyncKind): SyncDecision {
  const account = decideAccountSync(user);
  if (!account.allowed) return account;
  const { flag, label } = GROUP_FLAG[kind];
  if (!flag(user)) {
    return {
      allowed: false,
      reason: 'group-flag-off',
      explanation: `The user group "${user.group.name}" does not allow "${label}".`,
    };
  }
  return ALLOWED;
}

/** The kinds this user may sync right now, in a stable order. */
export function syncableKinds(user: User): SyncKind[] {
  return (['contacts', 'calendar', 'tasks'] as const).filter((k) => decideKindSync(user, k).allowed);
}
