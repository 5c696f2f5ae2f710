import { describe, expect, it } from "vitest";
import { LruCache } from "../../src/platform/lru-cache";

describe("LruCache", () => {
  it("keeps at most maxEntries, dropping the least recently used first", () => {
    const cache = new LruCache<string, number>({ maxEntries: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the most recently used
    cache.set("c", 3);
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
  });

  it("setting a key again replaces its value without growing", () => {
    const cache = new LruCache<string, number>({ maxEntries: 2 });
    cache.set("a", 1);
    cache.set("a", 2);
    expect(cache.size).toBe(1);
    expect(cache.get("a")).toBe(2);
  });

  it("treats an entry as absent once ttlMs has passed since it was set, and forgets it", () => {
    let now = 1_000;
    const cache = new LruCache<string, string>({ maxEntries: 10, ttlMs: 100, now: () => now });
    cache.set("k", "v");
    now += 99;
    expect(cache.get("k")).toBe("v");
    now += 1;
    expect(cache.get("k")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("a read does not extend the entry's life: the age counts from the last set", () => {
    let now = 0;
    const cache = new LruCache<string, string>({ maxEntries: 10, ttlMs: 100, now: () => now });
    cache.set("k", "v");
    now = 60;
    cache.get("k");
    now = 120;
    expect(cache.get("k")).toBeUndefined();
  });

  it("deletes one key, the keys that match, or all", () => {
    const cache = new LruCache<string, number>({ maxEntries: 10 });
    for (const key of ["t1|a", "t1|b", "t2|a"]) cache.set(key, 1);
    cache.deleteWhere((key) => key.startsWith("t1|"));
    expect([cache.get("t1|a"), cache.get("t1|b"), cache.get("t2|a")]).toEqual([undefined, undefined, 1]);
    cache.delete("t2|a");
    expect(cache.size).toBe(0);
    cache.set("x", 1);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it("refuses a size below one", () => {
    expect(() => new LruCache({ maxEntries: 0 })).toThrow(/maxEntries/);
  });

  it("stays at its size under a stream of a hundred thousand distinct keys", () => {
    const cache = new LruCache<number, number>({ maxEntries: 1000 });
    for (let i = 0; i < 100_000; i++) cache.set(i, i);
    expect(cache.size).toBe(1000);
    expect(cache.get(99_999)).toBe(99_999);
    expect(cache.get(98_999)).toBeUndefined();
  });
});
