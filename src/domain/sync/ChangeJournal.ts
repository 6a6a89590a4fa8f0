import type { ContactScope } from '../visibility/ContactVisibility.ts';
import type { SyncKind } from './SyncKind.ts';

/**
 * What the change journal records. Database triggers write one entry per changed row, so changes
 * made by BrokerStar's web application are seen exactly like those made through DAV.
 *
 * - `contact`, `appointment`, `task`: the object (or one of its sub-records) was created, changed
 *   or deleted; `entityId` is the object id.
 * - `contact_share`: `entityId` contact shared with / unshared from user `relatedId`.
 * - `appointment_assignee`, `task_assignee`: `entityId` object assigned to / removed from `relatedId`.
 * - `team_membership`: user `relatedId` joined or left team `entityId`.
 * - `user`: the user's scope, group, team or account flags changed; `entityId` is the user id.
 * - `team`: team `entityId` was deleted; its memberships went with it without entries of their own.
 */
export type JournalEntity =
  | 'contact'
  | 'contact_share'
  | 'appointment'
  | 'appointment_assignee'
  | 'task'
  | 'task_assignee'
  | 'team_membership'
  | 'team'
  | 'user';

export interface JournalEntry {
  readonly seq: number;
  readonly entity: JournalEntity;
  readonly entityId: number;
  readonly relatedId: number | null;
}

/** What a collection refresh must re-evaluate. */
export interface RefreshPlan {
  /** Re-evaluate every object: who sees what changed broadly (scope or team changes). */
  readonly fullRescan: boolean;
  /** Objects whose membership or content must be re-evaluated. */
  readonly objectIds: ReadonlySet<number>;
  /**
   * Contacts whose appointments/tasks must be re-evaluated as changed: those objects show their
   * customer (issue 13), so a change of the customer changes them. Empty for address books.
   */
  readonly customerIds: ReadonlySet<number>;
  /**
   * Objects assigned to or removed from another user: their customer block shows only what every
   * assignee may see, so they changed if they have a customer (the adapter checks the link).
   */
  readonly readersChangedIds: ReadonlySet<number>;
}

export interface CollectionOwner {
  readonly userId: number;
  readonly scope: ContactScope;
  readonly teamIds: readonly number[];
}

const OBJECT_ENTITY: Record<SyncKind, JournalEntity> = { contacts: 'contact', calendar: 'appointment', tasks: 'task' };
const LINK_ENTITY: Record<SyncKind, JournalEntity> = {
  contacts: 'contact_share',
  calendar: 'appointment_assignee',
  tasks: 'task_assignee',
};

/**
 * Decides from journal entries what changed for one user's collection. Pure: the storage adapter
 * executes the plan in SQL.
 */
export function planRefresh(kind: SyncKind, owner: CollectionOwner, entries: readonly JournalEntry[]): RefreshPlan {
  const objectIds = new Set<number>();
  const customerIds = new Set<number>();
  const readersChangedIds = new Set<number>();
  let fullRescan = false;
  for (const e of entries) {
    if (e.entity === OBJECT_ENTITY[kind]) objectIds.add(e.entityId);
    else if (kind !== 'contacts' && e.entity === 'contact') customerIds.add(e.entityId);
    else if (e.entity === LINK_ENTITY[kind] && e.relatedId === owner.userId) objectIds.add(e.entityId);
    else if (kind !== 'contacts' && e.entity === LINK_ENTITY[kind]) readersChangedIds.add(e.entityId);
    else if (kind === 'contacts' && affectsContactVisibility(e, owner)) fullRescan = true;
  }
  return { fullRescan, objectIds, customerIds, readersChangedIds };
}

function affectsContactVisibility(e: JournalEntry, owner: CollectionOwner): boolean {
  if (e.entity === 'user') return e.entityId === owner.userId;
  // The deleted team's members are no longer known: every TEAM-scope viewer re-evaluates.
  if (e.entity === 'team') return owner.scope === 'TEAM';
  if (e.entity === 'team_membership') {
    return e.relatedId === owner.userId || (owner.scope === 'TEAM' && owner.teamIds.includes(e.entityId));
  }
  return false;
}

/** Most journal entries one device write leaves (the object's row, its sub-records, its assignees). */
export const MAX_OWN_WRITE_ENTRIES = 64;

/**
 * Whether the entries after `afterSeq` are all one device write's own: numbered without a gap from
 * `afterSeq + 1` (a gap is someone else's commit the writer's snapshot does not show) and each
 * about `objectId` itself (its row or its assignees/shares). Then a refresh of the writer's
 * collection would re-evaluate that object alone, and the writer may do so at once.
 */
export function isOwnWriteOnly(kind: SyncKind, entries: readonly JournalEntry[], afterSeq: number, objectId: number): boolean {
  if (entries.length === 0 || entries.length > MAX_OWN_WRITE_ENTRIES) return false;
  return entries.every((e, i) => e.seq === afterSeq + 1 + i && e.entityId === objectId
    && (e.entity === OBJECT_ENTITY[kind] || e.entity === LINK_ENTITY[kind]));
}
