/**
 * Which contacts a user may see in BrokerStar. The rule is a seam: an installation with other rules
 * supplies its own `ContactVisibilityRule` (and a storage adapter that evaluates it in SQL).
 */
export type ContactScope = 'ALL' | 'TEAM' | 'OWN';
export const CONTACT_SCOPES: readonly ContactScope[] = ['ALL', 'TEAM', 'OWN'];

/** What the rule needs to know about the viewer. */
export interface Viewer {
  readonly userId: number;
  readonly scope: ContactScope;
  /** Ids of every user who shares at least one team with the viewer (the viewer included). */
  readonly teamMateIds: ReadonlySet<number>;
}

/** What the rule needs to know about a contact. */
export interface ContactAccessFacts {
  readonly ownerId: number;
  readonly sharedWithUserIds: ReadonlySet<number>;
}

export interface ContactVisibilityRule {
  canSee(viewer: Viewer, contact: ContactAccessFacts): boolean;
}

/**
 * BrokerStar's rule: scope ALL sees every contact; TEAM sees contacts owned by any member of one of
 * the viewer's teams (and their own); OWN sees their own contacts. Every scope also sees contacts
 * explicitly shared with the viewer.
 */
export const brokerStarContactVisibility: ContactVisibilityRule = {
  canSee(viewer, contact) {
    if (contact.sharedWithUserIds.has(viewer.userId)) return true;
    switch (viewer.scope) {
      case 'ALL':
        return true;
      case 'TEAM':
        return contact.ownerId === viewer.userId || viewer.teamMateIds.has(contact.ownerId);
      case 'OWN':
        return contact.ownerId === viewer.userId;
    }
  },
};

/** Appointments and tasks are visible to (and synced for) exactly their assignees. */
export function isAssignedTo(userId: number, assigneeIds: readonly number[]): boolean {
  return assigneeIds.includes(userId);
}
