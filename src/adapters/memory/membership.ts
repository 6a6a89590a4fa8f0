import type { MemberRow } from './InMemoryDavTables.ts';
import type { MemorySource } from './memberSources.ts';

/**
 * One refresh of one collection's membership, as `knex/journal/membership.ts` does in SQL. Every
 * change is stamped with `seq`, the journal position the refresh brings the collection up to,
 * which is greater than any `changedSeq` already stored.
 */
export class MembershipRefresh {
  /** Whether this refresh changed any member (the collection's `lastChangeSeq` then moves to `seq`). */
  changed = false;

  constructor(
    private readonly members: Map<number, MemberRow>,
    private readonly userId: number,
    private readonly source: MemorySource,
    private readonly seq: number,
  ) {}

  /** Re-evaluates the whole collection: adds and brings back visible objects, marks the others absent. */
  rescanAll(): void {
    const visible = this.source.all(this.userId);
    for (const id of visible) {
      if (this.members.get(id)?.present !== true) this.stamp(id, true);
    }
    for (const [id, member] of this.members) {
      if (member.present && !visible.has(id)) this.stamp(id, false);
    }
  }

  /** Re-evaluates membership of the given objects and marks those still visible as changed. */
  rescanSome(objectIds: Iterable<number>): void {
    const ids = [...objectIds];
    const visible = this.source.among(this.userId, ids);
    for (const id of ids) {
      // Visible and already a member: it changed (the journal says so), or it came back.
      if (visible.has(id)) this.stamp(id, true);
      else if (this.members.get(id)?.present) this.stamp(id, false);
    }
  }

  /** Marks present members among `objectIds` as changed (their content changed). */
  markChanged(objectIds: Iterable<number>): void {
    for (const id of objectIds) {
      if (this.members.get(id)?.present) this.stamp(id, true);
    }
  }

  private stamp(objectId: number, present: boolean): void {
    this.members.set(objectId, { present, changedSeq: this.seq });
    this.changed = true;
  }
}
