import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FieldCipher } from "../../src/platform/crypto/field-cipher";
import { auditPurge, inactiveUserPurge, monthsBefore } from "../../src/domain/privacy/privacy-retention";
import { startRetentionSchedule } from "../../src/domain/privacy/retention";
import { UserActivityLog } from "../../src/domain/privacy/user-activity";
import { ReflectionStore } from "../../src/domain/reflections/reflection-store";
import { ProgressStore } from "../../src/domain/progress/progress-store";
import { openDatabase, type Database } from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";
import { createDatabaseTarget, type DatabaseTarget } from "../support/database-targets";

let target: DatabaseTarget;
let database: Database;
beforeAll(async () => {
  target = await createDatabaseTarget("pglite");
  database = await openDatabase(target.options);
  await applyMigrations(database);
});
afterAll(async () => {
  await database?.close();
  await target?.cleanup();
});

const now = new Date("2026-11-25T12:00:00Z");
const monthsAgo = (months: number, days = 0) =>
  new Date(monthsBefore(now, months).getTime() - days * 24 * 60 * 60 * 1000);

async function userWithData(lastUse: Date) {
  const prisma = database.prisma;
  const userId = `aad-${randomUUID()}`;
  await new ProgressStore(prisma, database.hot).recordStep({ userId }, "tema-1", {
    stepId: "s1",
    stepIndex: 0,
    stepCount: 4,
  });
  await new ReflectionStore(prisma, database.hot, new FieldCipher({ id: "k", key: randomBytes(32) })).save(
    { userId },
    "tema-1",
    "s2",
    "svar",
  );
  await prisma.themeProgress.updateMany({ where: { userId }, data: { updatedAt: lastUse, startedAt: lastUse } });
  await prisma.reflection.updateMany({ where: { userId }, data: { createdAt: lastUse } });
  await prisma.userActivity.create({ data: { userId, lastSeenAt: lastUse } });
  return userId;
}

const rowsOf = async (userId: string) =>
  (await database.prisma.themeProgress.count({ where: { userId } })) +
  (await database.prisma.reflection.count({ where: { userId } }));

describe("inactive users", () => {
  it("removes progress and reflections after 24 months without use, keeps the others, and is idempotent", async () => {
    const inactive = await userWithData(monthsAgo(24, 1));
    const active = await userWithData(monthsAgo(23));
    // Old progress, but the user came back recently (activity recorded): kept.
    const returned = await userWithData(monthsAgo(30));
    await database.prisma.userActivity.update({ where: { userId: returned }, data: { lastSeenAt: monthsAgo(1) } });

    const purge = inactiveUserPurge(database.prisma, 24);
    const [first, second] = await Promise.all([purge.purgeExpired(now), purge.purgeExpired(now)]);
    expect(first + second).toBe(2);
    expect(await purge.purgeExpired(now)).toBe(0);
    expect(await rowsOf(inactive)).toBe(0);
    expect(await database.prisma.userActivity.count({ where: { userId: inactive } })).toBe(0);
    expect(await rowsOf(active)).toBe(2);
    expect(await rowsOf(returned)).toBe(2);
  });

  it("honours a configured period", async () => {
    const userId = await userWithData(monthsAgo(7));
    expect(await inactiveUserPurge(database.prisma, 24).purgeExpired(now)).toBe(0);
    await inactiveUserPurge(database.prisma, 6).purgeExpired(now);
    expect(await rowsOf(userId)).toBe(0);
  });

  it("records use at most once a day per user", async () => {
    let clock = new Date("2026-01-01T08:00:00Z");
    const log = new UserActivityLog(database.hot, () => clock);
    const userId = `aad-${randomUUID()}`;
    await log.touch(userId);
    clock = new Date("2026-01-01T20:00:00Z");
    await log.touch(userId);
    expect((await database.prisma.userActivity.findUniqueOrThrow({ where: { userId } })).lastSeenAt.toISOString()).toBe(
      "2026-01-01T08:00:00.000Z",
    );
    clock = new Date("2026-01-02T09:00:00Z");
    await log.touch(userId);
    expect((await database.prisma.userActivity.findUniqueOrThrow({ where: { userId } })).lastSeenAt.toISOString()).toBe(
      "2026-01-02T09:00:00.000Z",
    );
  });
});

describe("audit log", () => {
  it("keeps entries for 12 months and removes older ones, idempotently", async () => {
    const prisma = database.prisma;
    const old = randomUUID();
    const recent = randomUUID();
    await prisma.auditEntry.createMany({
      data: [
        { id: old, at: monthsAgo(12, 1), actor: "operator", action: "test.old", subject: "x" },
        { id: recent, at: monthsAgo(11), actor: "operator", action: "test.recent", subject: "x" },
      ],
    });
    const purge = auditPurge(prisma, 12);
    expect(await purge.purgeExpired(now)).toBeGreaterThanOrEqual(1);
    expect(await purge.purgeExpired(now)).toBe(0);
    expect(await prisma.auditEntry.count({ where: { id: old } })).toBe(0);
    expect(await prisma.auditEntry.count({ where: { id: recent } })).toBe(1);
  });
});

describe("the schedule", () => {
  it("runs the privacy purges with the incident ones, inside the bot", async () => {
    const userId = await userWithData(new Date(Date.now() - 3 * 365 * 24 * 60 * 60 * 1000));
    const none = { purgeExpired: async () => 0 };
    const schedule = startRetentionSchedule({
      incidents: none,
      downloads: none,
      more: { inactiveUsers: inactiveUserPurge(database.prisma, 24), auditEntries: auditPurge(database.prisma, 12) },
      intervalMs: 60_000,
    });
    await schedule.runOnce();
    await schedule.stop();
    expect(await rowsOf(userId)).toBe(0);
  });

  it("counts calendar months", () => {
    expect(monthsBefore(new Date("2026-03-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(monthsBefore(new Date("2026-11-25T10:00:00Z"), 24).toISOString()).toBe("2024-11-25T10:00:00.000Z");
  });
});
