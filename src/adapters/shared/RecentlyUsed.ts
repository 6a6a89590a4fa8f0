/**
 * A least-recently-used map for per-process caches of derived values (parsed bodies, parsed
 * calendar texts, prepared statements): bounded by entries and, optionally, by a weight per entry
 * (e.g. the text's length). Values must be immutable or only read: they are shared by every user.
 */
export class RecentlyUsed<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private held = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
    private readonly weigh: (key: K, value: V) => number = () => 0,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: the oldest entry is the one dropped.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const weight = this.weigh(key, value);
    if (weight > this.maxWeight) return;
    this.delete(key);
    while (this.entries.size > 0 && (this.entries.size >= this.maxEntries || this.held + weight > this.maxWeight)) {
      this.delete(this.entries.keys().next().value as K);
    }
    this.entries.set(key, { value, weight });
    this.held += weight;
  }

  private delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.held -= entry.weight;
  }
}
