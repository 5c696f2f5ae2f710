import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DatabaseStorage } from "../../src/teams/bot-state-storage";
import { openDatabase, type Database } from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";
import { postgresAvailable } from "../support/postgres";
import { createDatabaseTarget, DATABASE_KINDS, type DatabaseTarget } from "../support/database-targets";

const CONFLICT = /eTag conflict/;

describe("DatabaseStorage", async () => {
  const pgAvailable = await postgresAvailable;

  for (const kind of DATABASE_KINDS) {
    describe.skipIf(kind === "postgres" && !pgAvailable)(`on ${kind}`, () => {
      let target: DatabaseTarget;
      let db: Database;
      let storage: DatabaseStorage;

      beforeAll(async () => {
        target = await createDatabaseTarget(kind);
        db = await openDatabase(target.options);
        await applyMigrations(db);
        storage = new DatabaseStorage(db.hot);
      });

      afterAll(async () => {
        await db?.close();
        await target?.cleanup();
      });

      beforeEach(async () => {
        await db.prisma.botState.deleteMany();
      });

      it("reads back what was written, with an eTag, leaving out keys never written", async () => {
        await storage.write({ a: { count: 1 }, b: { name: "Bo" } });

        const items = await storage.read(["a", "b", "missing"]);

        expect(Object.keys(items).sort()).toEqual(["a", "b"]);
        expect(items.a).toEqual({ count: 1, eTag: expect.any(String) });
        expect(items.b).toEqual({ name: "Bo", eTag: expect.any(String) });
        expect(items.a.eTag).not.toBe(items.b.eTag);
      });

      it("round-trips items exactly as JSON does", async () => {
        const item = {
          nested: { deeper: { list: [1, "two", { three: 3 }, [4], null, true] } },
          at: new Date("2025-01-02T03:04:05.678Z"),
          empty: {},
          emptyList: [],
          text: "åäö \"quoted\" \\ 'single' \n newline 😀",
          float: 0.1 + 0.2,
          big: Number.MAX_SAFE_INTEGER,
          negative: -1.5e-10,
          gone: undefined,
        };

        await storage.write({ item });
        const { eTag, ...read } = (await storage.read(["item"])).item;

        expect(eTag).toEqual(expect.any(String));
        expect(read).toEqual(JSON.parse(JSON.stringify(item)));
        expect(read.at).toBe("2025-01-02T03:04:05.678Z");
      });

      it("returns an empty result for no keys and refuses a missing key list", async () => {
        expect(await storage.read([])).toEqual({});
        await expect(storage.read(undefined as unknown as string[])).rejects.toThrow(ReferenceError);
      });

      it("overwrites when the written item has no eTag", async () => {
        await storage.write({ a: { v: 1 } });
        await storage.write({ a: { v: 2 } });

        expect((await storage.read(["a"])).a).toMatchObject({ v: 2 });
      });

      it("overwrites when the written item has eTag *, whatever is stored", async () => {
        await storage.write({ a: { v: 1 } });
        await storage.write({ a: { v: 2, eTag: "*" } });

        expect((await storage.read(["a"])).a).toMatchObject({ v: 2 });
      });

      it("accepts a write carrying the stored eTag and gives the item a new eTag", async () => {
        await storage.write({ a: { v: 1 } });
        const stored = (await storage.read(["a"])).a;

        await storage.write({ a: { ...stored, v: 2 } });
        const updated = (await storage.read(["a"])).a;

        expect(updated.v).toBe(2);
        expect(updated.eTag).not.toBe(stored.eTag);
      });

      it("refuses a write carrying a stale eTag with an eTag conflict naming the key", async () => {
        await storage.write({ "conv/1": { v: 1 } });
        const stale = (await storage.read(["conv/1"]))["conv/1"];
        await storage.write({ "conv/1": { ...stale, v: 2 } });

        await expect(storage.write({ "conv/1": { ...stale, v: 3 } })).rejects.toThrow(
          'Storage: error writing "conv/1" due to eTag conflict.',
        );
        expect((await storage.read(["conv/1"]))["conv/1"]).toMatchObject({ v: 2 });
      });

      it("accepts any eTag for a key that is not stored, like MemoryStorage", async () => {
        await storage.write({ fresh: { v: 1, eTag: "from-somewhere-else" } });

        expect((await storage.read(["fresh"])).fresh).toMatchObject({ v: 1 });
      });

      it("still writes the other keys when one key conflicts", async () => {
        await storage.write({ a: { v: 1 } });
        const staleA = (await storage.read(["a"])).a;
        await storage.write({ a: { v: 2 } });

        await expect(storage.write({ a: { ...staleA, v: 3 }, b: { v: 1 } })).rejects.toThrow(CONFLICT);
        const items = await storage.read(["a", "b"]);
        expect(items.a).toMatchObject({ v: 2 });
        expect(items.b).toMatchObject({ v: 1 });
      });

      it("lets exactly one of many concurrent writes with the same eTag win", async () => {
        await storage.write({ race: { winner: "nobody" } });
        const stored = (await storage.read(["race"])).race;
        const writers = Array.from({ length: 8 }, (_, writer) =>
          storage.write({ race: { ...stored, winner: writer } }),
        );

        const results = await Promise.allSettled(writers);

        const winners = results.flatMap((result, writer) => (result.status === "fulfilled" ? [writer] : []));
        expect(winners).toHaveLength(1);
        for (const result of results) {
          if (result.status === "rejected") expect(String(result.reason)).toMatch(CONFLICT);
        }
        expect((await storage.read(["race"])).race.winner).toBe(winners[0]);
      });

      it("deletes the given keys and ignores keys that are not stored", async () => {
        await storage.write({ a: { v: 1 }, b: { v: 2 }, c: { v: 3 } });

        await storage.delete(["a", "c", "missing"]);
        await storage.delete([]);

        expect(Object.keys(await storage.read(["a", "b", "c"]))).toEqual(["b"]);
      });

      it("accepts any eTag after a key was deleted", async () => {
        await storage.write({ a: { v: 1 } });
        const old = (await storage.read(["a"])).a;
        await storage.delete(["a"]);

        await storage.write({ a: { ...old, v: 2 } });

        expect((await storage.read(["a"])).a).toMatchObject({ v: 2 });
      });
    });
  }
});
