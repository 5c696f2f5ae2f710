import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inTurnTransaction, turnScoped } from "../../src/platform/storage/turn-transaction";
import { DATABASE_KINDS, useMigratedDatabase } from "../support/database-targets";
import { postgresAvailable } from "../support/postgres";

describe.each(DATABASE_KINDS)("the hot statements on %s", async (kind) => {
  const pgAvailable = await postgresAvailable;
  const activity = () => ({ conversationId: `a:conv-${randomUUID()}`, activityId: randomUUID() });

  describe.skipIf(kind === "postgres" && !pgAvailable)("", () => {
    const database = useMigratedDatabase(kind);
    const stateRow = async (key: string) => database.db.prisma.botState.findUnique({ where: { key } });
    it("claim an activity once within the window and read the asked-for state rows with the claim", async () => {
      const key = `msteams/bot/conversations/${randomUUID()}`;
      await database.db.hot.saveState({ key, etag: "e1", json: JSON.stringify({ step: 3 }), owner: "aad-1" });
      const first = activity();
      expect(await database.db.hot.claimWithState(first, 600, [key, "missing"])).toEqual({
        claimed: true,
        state: [{ key, etag: "e1", data: { step: 3 } }],
      });
      expect(await database.db.hot.claimWithState(first, 600, [key])).toEqual({ claimed: false, state: [] });
      expect(await database.db.hot.claimWithState(activity(), 600, [])).toEqual({ claimed: true, state: [] });
    });

    it("take over a claim once it is older than the window", async () => {
      const old = activity();
      await database.db.hot.claimWithState(old, 600, []);
      await database.db.prisma.processedActivity.update({
        where: { conversationId_activityId: old },
        data: { claimedAt: new Date(Date.now() - 3600_000) },
      });
      expect((await database.db.hot.claimWithState(old, 600, [])).claimed).toBe(true);
    });

    it("save state over the version read, refuse a stale version, overwrite without one, keep the owner", async () => {
      const key = `k-${randomUUID()}`;
      const save = (etag: string, value: number, expectedEtag?: string, owner: string | null = null) =>
        database.db.hot.saveState({ key, etag, json: JSON.stringify({ value }), owner, expectedEtag });
      expect(await save("e1", 1, "never-stored", "aad-owner")).toBe(true);
      expect(await save("e2", 2, "e1")).toBe(true);
      expect(await save("e3", 3, "e1")).toBe(false);
      expect(await stateRow(key)).toMatchObject({ etag: "e2", data: { value: 2 }, userId: "aad-owner" });
      expect(await save("e4", 4)).toBe(true);
      expect(await database.db.hot.readState([key])).toEqual([{ key, etag: "e4", data: { value: 4 } }]);
      await database.db.hot.deleteState([key]);
      expect(await stateRow(key)).toBeNull();
    });

    it("record progress that Prisma reads back with the same times (UTC), and keep a completed theme completed", async () => {
      const user = { userId: `aad-${randomUUID()}`, tenantId: "t" };
      const before = Date.now() - 1000;
      await database.db.hot.recordStep(user, "tema-1", { stepId: "s1", stepIndex: 0, stepCount: 4 });
      await database.db.hot.recordStep(user, "tema-1", { stepId: "s2", stepIndex: 1, stepCount: 4 });
      await database.db.hot.markCompleted(user, "tema-2", 5);
      await database.db.hot.recordStep(user, "tema-2", { stepId: "s1", stepIndex: 0, stepCount: 5 });
      const viaPrisma = await database.db.prisma.themeProgress.findMany({
        where: { userId: user.userId },
        orderBy: { themeId: "asc" },
      });
      const hot = await database.db.hot.progressOfUser(user.userId);
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
      expect(await database.db.hot.insertReflection(reflection)).toBe(true);
      expect(await database.db.hot.insertReflection({ ...reflection, id: randomUUID() })).toBe(false);
      const [stored] = await database.db.prisma.reflection.findMany({ where: { userId: reflection.userId } });
      expect(Buffer.from(stored.ciphertext).equals(reflection.ciphertext)).toBe(true);
      expect(Buffer.from(stored.nonce).equals(reflection.nonce)).toBe(true);
    });

    it("record a user's last use at the log's instant, which Prisma reads back in UTC, and move it on", async () => {
      const userId = `aad-${randomUUID()}`;
      const lastSeen = async () =>
        (await database.db.prisma.userActivity.findUniqueOrThrow({ where: { userId } })).lastSeenAt.toISOString();
      await database.db.hot.touchUserActivity(userId, new Date("2026-01-01T08:00:00.123Z"));
      expect(await lastSeen()).toBe("2026-01-01T08:00:00.123Z");
      await database.db.hot.touchUserActivity(userId, new Date("2026-01-02T09:30:00Z"));
      expect(await lastSeen()).toBe("2026-01-02T09:30:00.000Z");
    });

    it("remember one conversation reference per user and workspace, the newest replacing the older", async () => {
      const userId = `aad-${randomUUID()}`;
      const reference = (conversationId: string) => ({
        serviceUrl: "https://smba.example/",
        conversation: { id: conversationId },
      });
      const before = Date.now() - 1000;
      await database.db.hot.rememberConversationReference(userId, "tenant-1", reference("a:first"));
      await database.db.hot.rememberConversationReference(userId, "tenant-1", reference("a:second"));
      await database.db.hot.rememberConversationReference(userId, "tenant-2", reference("a:other-workspace"));
      const stored = await database.db.prisma.conversationReference.findMany({
        where: { userId },
        orderBy: { tenantId: "asc" },
      });
      expect(stored.map((row) => [row.tenantId, row.reference])).toEqual([
        ["tenant-1", reference("a:second")],
        ["tenant-2", reference("a:other-workspace")],
      ]);
      for (const row of stored) expect(Math.abs(row.updatedAt.getTime() - before)).toBeLessThan(60_000);
    });

    it("read a user's memberships in the asked-for organisations only, and no one else's", async () => {
      const userId = `aad-${randomUUID()}`;
      const organisation = async () =>
        (
          await database.db.prisma.organisation.create({
            data: { id: randomUUID(), name: "Kommunen", orgNumber: randomUUID(), kind: "kommun" },
          })
        ).id;
      const [asked, alsoAsked, notAsked] = [await organisation(), await organisation(), await organisation()];
      await database.db.prisma.membership.createMany({
        data: [
          { id: randomUUID(), organisationId: asked, userId, role: "officer" },
          { id: randomUUID(), organisationId: notAsked, userId, role: "official" },
          { id: randomUUID(), organisationId: alsoAsked, userId: `aad-${randomUUID()}`, role: "official" },
          { id: randomUUID(), organisationId: alsoAsked, email: "waiting@kommunen.se", role: "official" },
        ],
      });
      expect(await database.db.hot.membershipsOfUser(userId, [asked, alsoAsked])).toEqual([
        { organisationId: asked, role: "officer" },
      ]);
      expect(await database.db.hot.membershipsOfUser(userId, [])).toEqual([]);
    });

    it("run inside a turn in the turn's transaction: rolled back with Prisma's writes, committed with them", async () => {
      const prisma = turnScoped(database.db.prisma);
      const user = { userId: `aad-${randomUUID()}` };
      const failing = inTurnTransaction(database.db.turns, async () => {
        await database.db.hot.recordStep(user, "tema-1", { stepId: "s1", stepIndex: 0, stepCount: 4 });
        await prisma.userActivity.create({ data: { userId: user.userId } });
        expect(await database.db.hot.progressOfUser(user.userId)).toHaveLength(1); // sees its own write
        throw new Error("the turn fails");
      });
      await expect(failing).rejects.toThrow("the turn fails");
      expect(await database.db.hot.progressOfUser(user.userId)).toEqual([]);
      expect(await database.db.prisma.userActivity.count({ where: { userId: user.userId } })).toBe(0);

      await inTurnTransaction(database.db.turns, async () => {
        await prisma.userActivity.create({ data: { userId: user.userId } });
        await database.db.hot.recordStep(user, "tema-1", { stepId: "s1", stepIndex: 0, stepCount: 4 });
      });
      expect(await database.db.hot.progressOfUser(user.userId)).toHaveLength(1);
      expect(await database.db.prisma.userActivity.count({ where: { userId: user.userId } })).toBe(1);
    });
  });
});
