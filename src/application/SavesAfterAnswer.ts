/**
 * Saving re-rendered objects after the answer has gone out. After an edit in BrokerStar the next
 * listing renders the changed objects and stores them for later requests; the device needs the
 * rendering, not the stored copy, and on MySQL that write (a durable commit) was the longest wait of
 * the answer. A stored rendering is a cache of the CRM row: while it is not saved, the next request
 * renders the object again, to the same text and ETag (a rendering depends only on the CRM row and
 * the stored text; a calendar object's DTSTAMP is the record's last change, not the time of
 * rendering), and a device write in between wins as before (the save's version condition).
 *
 * Bounded: a large save (a first sync renders thousands) and any save while `maxPending` are
 * outstanding is awaited as before, so background writes never outgrow the requests that caused
 * them. `drain()` waits for what is outstanding (tests; the plugin's `close()` for a few seconds at
 * most: a store hanging on a vanished database must not hold the host's shutdown, and losing one
 * costs only a rendering).
 */
export class SavesAfterAnswer {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    /** A failed save loses nothing (the object is rendered again next time) but is reported. */
    private readonly failed: (error: unknown, objects: number) => void,
    readonly maxObjects = 100,
    readonly maxPending = 32,
  ) {}

  /** Runs `save`: after the answer when it is small and few are outstanding, else awaited. */
  async save(objects: number, save: () => Promise<void>): Promise<void> {
    if (objects > this.maxObjects || this.pending.size >= this.maxPending) return save();
    const running: Promise<void> = save().then(
      () => { this.pending.delete(running); },
      (error: unknown) => { this.pending.delete(running); this.failed(error, objects); },
    );
    this.pending.add(running);
  }

  get outstanding(): number {
    return this.pending.size;
  }

  /** Waits for the outstanding saves, also those started meanwhile; at most `timeoutMs` when given. */
  async drain(timeoutMs?: number): Promise<void> {
    const all = (async () => {
      while (this.pending.size > 0) await Promise.all([...this.pending]);
    })();
    if (timeoutMs === undefined) return all;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); });
    try {
      await Promise.race([all, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
