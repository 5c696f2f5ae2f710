export interface LruCacheOptions {
  /** Entries kept at most; setting one more drops the least recently used. */
  maxEntries: number;
  /** An entry older than this (since it was set) counts as absent. Without it entries never expire. */
  ttlMs?: number;
  /** For tests: the clock. */
  now?: () => number;
}

/**
 * The one in-memory cache for facts kept per user, conversation or tenant: bounded in count (least
 * recently used out first) and optionally in age, so a long-running instance's memory stays flat however
 * many people it has seen. A Map keeps insertion order, so re-inserting on a hit makes it an LRU list.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; setAt: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: LruCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1)
      throw new Error(`LruCache needs maxEntries ≥ 1, got ${options.maxEntries}`);
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.setAt >= this.ttlMs) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, setAt: this.now() });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose key matches, e.g. all of one tenant's. */
  deleteWhere(matches: (key: K) => boolean): void {
    for (const key of [...this.entries.keys()]) if (matches(key)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
