import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";
import { inTurnTransaction, turnScoped } from "../../src/platform/storage/turn-transaction";
import { createDatabaseTarget, DATABASE_KINDS, type DatabaseTarget } from "../support/database-targets";
import { postgresAvailable } from "../support/postgres";

describe.each(DATABASE_KINDS)("the hot statements on %s", async (kind) => {
  const pgAvailable = await postgresAvailable;
  let target: DatabaseTarget;
  let db: Database;
  const activity = () => ({ conversationId: `a:conv-${randomUUID()}`, activityId: randomUUID() });
  const stateRow = async (key: string) => db.prisma.botState.findUnique({ where: { key } });

  beforeAll(async () => {
    if (kind === "postgres" && !pgAvailable) return;
    target = await createDatabaseTarget(kind);
    db = await openDatabase(target.options);
    await applyMigrations(db);
  });
  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });

  describe.skipIf(kind === "postgres" && !pgAvailable)("", () => {
    it("claim an activity once within the window and read the asked-for state rows with the claim", async () => {
      const key = `msteams/bot/conversations/${randomUUID()}`;
      await db.hot.saveState({ key, etag: "e1", json: JSON.stringify({ step: 3 }), owner: "aad-1" });
      const first = activity();
      expect(await db.hot.claimWithState(first, 600, [key, "missing"])).toEqual({
        claimed: true,
        state: [{ key, etag: "e1", data: { step: 3 } }],
      });
      expect(await db.hot.claimWithState(first, 600, [key])).toEqual({ claimed: false, state: [] });
      expect(await db.hot.claimWithState(activity(), 600, [])).toEqual({ claimed: true, state: [] });
    });

    it("take over a claim once it is older than the window", async () => {
      const old = activity();
      await db.hot.claimWithState(old, 600, []);
      await db.prisma.processedActivity.update({
        where: { conversationId_activityId: old },
        data: { claimedAt: new Date(Date.now() - 3600_000) },
      });
      expect((await db.hot.claimWithState(old, 600, [])).claimed).toBe(true);
    });

    it("save state over the version read, refuse a stale version, overwrite without one, keep the owner", async () => {
      const key = `k-${randomUUID()}`;
      const save = (etag: string, value: number, expectedEtag?: string, owner: string | null = null) =>
        db.hot.saveState({ key, etag, json: JSON.stringify({ value }), owner, expectedEtag });
      expect(await save("e1", 1, "never-stored", "aad-owner")).toBe(true);
      expect(await save("e2", 2, "e1")).toBe(true);
      expect(await save("e3", 3, "e1")).toBe(false);
      expect(await stateRow(key)).toMatchObject({ etag: "e2", data: { value: 2 }, userId: "aad-owner" });
      expect(await save("e4", 4)).toBe(true);
      expect(await db.hot.readState([key])).toEqual([{ key, etag: "e4", data: { value: 4 } }]);
      await db.hot.deleteState([key]);
      expect(await stateRow(key)).toBeNull();
    });

    it("record progress that Prisma reads back with the same times (UTC), and keep a completed theme completed", async () => {
      const user = { userId: `aad-${randomUUID()}`, tenantId: "t" };
      const before = Date.now() - 1000;
      await db.hot.recordStep(user, "tema-1", { stepId: "s1", stepIndex: 0, stepCount: 4 });
      await db.hot.recordStep(user, "tema-1", { stepId: "s2", stepIndex: 1, stepCount: 4 });
      await db.hot.markCompleted(user, "tema-2", 5);
      await db.hot.recordStep(user, "tema-2", { stepId: "s1", stepIndex: 0, stepCount: 5 });
      const viaPrisma = await db.prisma.themeProgress.findMany({
        where: { userId: user.userId },
        orderBy: { themeId: "asc" },
      });
      const hot = await db.hot.progressOfUser(user.userId);
      expect(hot).toEqual(
        viaPrisma.map(({ themeId, stepId, stepIndex, stepCount, updatedAt, completedAt }) => ({
          themeId,
          stepId,
          stepIndex,
          stepCount,
          updatedAt,
          completedAt,
        })),
      );
      expect(hot[0]).toMatchObject({ themeId: "tema-1", stepId: "s2", stepIndex: 1, completedAt: null });
      expect(hot[1]).toMatchObject({ themeId: "tema-2", stepId: "s1", completedAt: expect.any(Date) });
      expect(hot[0].updatedAt.getTime()).toBeGreaterThan(before);
      expect(hot[0].updatedAt.getTime()).toBeLessThan(Date.now() + 1000);
    });

    it("insert a reflection once per save key, bytes intact", async () => {
      const reflection = {
        id: randomUUID(),
        userId: `aad-${randomUUID()}`,
        themeId: "tema-1",
        stepId: "s3",
        keyId: "k1",
        nonce: randomBytes(12),
        ciphertext: randomBytes(40),
        saveKey: "card-1:s3",
      };
      expect(await db.hot.insertReflection(reflection)).toBe(true);
      expect(await db.hot.insertReflection({ ...reflection, id: randomUUID() })).toBe(false);
      const [stored] = await db.prisma.reflection.findMany({ where: { userId: reflection.userId } });
      expect(Buffer.from(stored.ciphertext).equals(reflection.ciphertext)).toBe(true);
      expect(Buffer.from(stored.nonce).equals(reflection.nonce)).toBe(true);
    });

    it("run inside a turn in the turn's transaction: rolled back with Prisma's writes, committed with them", async () => {
      const prisma = turnScoped(db.prisma);
      const user = { userId: `aad-${randomUUID()}` };
      const failing = inTurnTransaction(db.prisma, async () => {
        await db.hot.recordStep(user, "tema-1", { stepId: "s1", stepIndex: 0, stepCount: 4 });
        await prisma.userActivity.create({ data: { userId: user.userId } });
        expect(await db.hot.progressOfUser(user.userId)).toHaveLength(1); // sees its own write
        throw new Error("the turn fails");
      });
      await expect(failing).rejects.toThrow("the turn fails");
      expect(await db.hot.progressOfUser(user.userId)).toEqual([]);
      expect(await db.prisma.userActivity.count({ where: { userId: user.userId } })).toBe(0);

      await inTurnTransaction(db.prisma, async () => {
        await prisma.userActivity.create({ data: { userId: user.userId } });
        await db.hot.recordStep(user, "tema-1", { stepId: "s1", stepIndex: 0, stepCount: 4 });
      });
      expect(await db.hot.progressOfUser(user.userId)).toHaveLength(1);
      expect(await db.prisma.userActivity.count({ where: { userId: user.userId } })).toBe(1);
    });
  });
});
