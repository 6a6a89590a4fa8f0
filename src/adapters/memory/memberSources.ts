import { isAssignedTo, type ContactVisibilityRule, type SyncKind } from '../../domain/index.ts';
import type { InMemoryCrm } from './InMemoryCrm.ts';

/**
 * Where the members of one kind of collection come from, as `journal/memberSources.ts` does in SQL:
 * contacts by the installation's visibility rule, appointments and tasks by assignment.
 */
export interface MemorySource {
  /** Ids of every object the user's collection must hold. */
  all(userId: number): Set<number>;
  /** Which of `ids` the user's collection must hold. */
  among(userId: number, ids: Iterable<number>): Set<number>;
  /** The object's current CRM version, or `undefined` when the CRM row is gone. */
  crmVersion(objectId: number): number | undefined;
}

export function memberSource(crm: InMemoryCrm, kind: SyncKind, rule: ContactVisibilityRule): MemorySource {
  if (kind === 'contacts') {
    const visible = (userId: number, ids: Iterable<number>) => {
      const viewer = crm.viewer(userId);
      const result = new Set<number>();
      if (!viewer) return result;
      for (const id of ids) {
        const contact = crm.contacts.get(id);
        if (contact && rule.canSee(viewer, { ownerId: contact.ownerId, sharedWithUserIds: crm.shares.get(id) ?? new Set() })) {
          result.add(id);
        }
      }
      return result;
    };
    return {
      all: (userId) => visible(userId, crm.contacts.keys()),
      among: visible,
      crmVersion: (id) => crm.contacts.get(id)?.version,
    };
  }
  const store = kind === 'calendar' ? crm.appointments : crm.tasks;
  const assigned = (userId: number, ids: Iterable<number>) => {
    const result = new Set<number>();
    for (const id of ids) {
      const object = store.get(id);
      if (object && isAssignedTo(userId, object.assigneeIds)) result.add(id);
    }
    return result;
  };
  return {
    all: (userId) => assigned(userId, store.keys()),
    among: assigned,
    crmVersion: (id) => store.get(id)?.version,
  };
}
