import type { JournalEntity, JournalEntry } from '../../domain/index.ts';

/** What {@link InMemoryJournal.snapshot} captures. */
export interface JournalSnapshot {
  readonly seq: number;
  readonly entries: readonly JournalEntry[];
}

/**
 * The in-memory `change_journal` with its `dav_sequence`: the in-memory CRM adapters append to it
 * wherever the database's triggers would write a row, so the in-memory sync index sees the same
 * entries as `KnexSyncIndex`. Process memory has one writer at a time, so appending in call order
 * is appending in commit order; a rolled-back transaction restores the sequence with the entries.
 */
export class InMemoryJournal {
  private seq = 0;
  private readonly entries: JournalEntry[] = [];

  /** The highest sequence number handed out (0 when empty). */
  get currentSeq(): number {
    return this.seq;
  }

  /** Takes the next sequence number and records one entry; returns the number. */
  append(entity: JournalEntity, entityId: number, relatedId: number | null = null): number {
    this.seq += 1;
    this.entries.push({ seq: this.seq, entity, entityId, relatedId });
    return this.seq;
  }

  /** Entries with `afterSeq < seq <= uptoSeq`, ascending. */
  entriesBetween(afterSeq: number, uptoSeq: number): JournalEntry[] {
    // Binary search for the first entry after `afterSeq`: polls of long-lived servers read a short tail.
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    const result: JournalEntry[] = [];
    for (let i = lo; i < this.entries.length && this.entries[i]!.seq <= uptoSeq; i++) result.push(this.entries[i]!);
    return result;
  }

  snapshot(): JournalSnapshot {
    return { seq: this.seq, entries: [...this.entries] };
  }

  restore(s: JournalSnapshot): void {
    this.seq = s.seq;
    this.entries.length = 0;
    this.entries.push(...s.entries);
  }
}
