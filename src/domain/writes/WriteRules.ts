import type { User } from '../users/User.ts';
import { messageText, type UserMessage } from '../messages/UserMessages.ts';

/**
 * What happens to BrokerStar data when a device writes. Pure decisions; the application layer
 * carries them out.
 */

/** A contact, appointment or task created from a device belongs to, and is assigned to, its user. */
export function ownershipOfDeviceCreation(user: User): { ownerId: number; assigneeIds: number[] } {
  return { ownerId: user.id, assigneeIds: [user.id] };
}

export type ContactEditDecision = { allowed: true } | { allowed: false; explanation: string; message: UserMessage };

/** A user may change a contact they can see only if their group allows editing contacts. */
export function decideContactEdit(user: User): ContactEditDecision {
  if (user.group.mayEditContacts) return { allowed: true };
  const message: UserMessage = { key: 'contact-edit-forbidden', group: user.group.name };
  return { allowed: false, explanation: messageText(message, 'en'), message };
}

/** A user may create contacts from a device under the same right as editing them. */
export const decideContactCreate = decideContactEdit;

export type ContactDeleteDecision = { kind: 'delete' } | { kind: 'forbidden'; explanation: string; message: UserMessage };

/**
 * Deleting a contact on a device never destroys a CRM record unless the group explicitly allows
 * deleting contacts.
 */
export function decideContactDelete(user: User): ContactDeleteDecision {
  if (user.group.mayDeleteContacts) return { kind: 'delete' };
  const message: UserMessage = { key: 'contact-delete-forbidden', group: user.group.name };
  return { kind: 'forbidden', explanation: messageText(message, 'en'), message };
}

export type AssignedItemDeleteDecision =
  | { kind: 'delete' }
  | { kind: 'unassign'; remainingAssigneeIds: number[] }
  | { kind: 'not-assigned' };

/**
 * Deleting an appointment or task from a device: when others are assigned too, only this user's
 * assignment goes; the last assignee deletes the item itself.
 */
export function decideAssignedItemDelete(userId: number, assigneeIds: readonly number[]): AssignedItemDeleteDecision {
  if (!assigneeIds.includes(userId)) return { kind: 'not-assigned' };
  const remaining = assigneeIds.filter((id) => id !== userId);
  return remaining.length === 0 ? { kind: 'delete' } : { kind: 'unassign', remainingAssigneeIds: remaining };
}
