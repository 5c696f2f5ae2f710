import { TurnContext } from "botbuilder";
import { describe, expect, it } from "vitest";
import { ConversationReferences } from "../../src/teams/conversation-references";
import type { PrismaClient } from "../../src/generated/prisma";
import type { HotStatements } from "../../src/platform/storage/hot-statements";
import { LicenceGate } from "../../src/domain/licensing/licence-gate";
import { UserActivityLog } from "../../src/domain/privacy/user-activity";

/** Each per-user cache holds this many; the 10 001st user pushes out the one least recently seen. */
const bound = 10_000;

/** PrismaClient and HotStatements stand-ins that count the calls the caches exist to save. */
function countingStores() {
  const calls = { activityUpserts: [] as string[], referenceUpserts: [] as string[], membershipReads: [] as string[] };
  const hot = {
    touchUserActivity: async (userId: string) => void calls.activityUpserts.push(userId),
    rememberConversationReference: async (userId: string) => void calls.referenceUpserts.push(userId),
    membershipsOfUser: async (userId: string) => (calls.membershipReads.push(userId), []),
  };
  const prisma = {
    organisationTenant: {
      findMany: async () => [
        {
          organisation: {
            id: "org-1",
            name: "Kommunen",
            accessMode: "granted",
            contactPhone: null,
            contactEmail: null,
            routineUrl: null,
            licences: [{ validFrom: new Date(0), validUntil: new Date(8.64e15), revokedAt: null }],
          },
        },
      ],
    },
  };
  return { prisma: prisma as unknown as PrismaClient, hot: hot as unknown as HotStatements, calls };
}

function personalTurn(userId: string): TurnContext {
  return {
    activity: {
      type: "message",
      channelId: "msteams",
      serviceUrl: "https://smba.example/",
      from: { id: `29:${userId}`, aadObjectId: userId },
      recipient: { id: "28:bot" },
      conversation: { id: `a:${userId}`, conversationType: "personal", tenantId: "tenant-1" },
      channelData: { tenant: { id: "tenant-1" } },
    },
  } as unknown as TurnContext;
}

const users = (count: number) => Array.from({ length: count }, (_, i) => `user-${i}`);

describe("per-user caches stay bounded however many users an instance sees", () => {
  it("UserActivityLog writes once per user and day, and remembers at most 10 000 users", async () => {
    const { hot, calls } = countingStores();
    const log = new UserActivityLog(hot);
    for (const user of users(bound + 1)) await log.touch(user);
    await log.touch(`user-${bound}`); // the newest is still remembered: no second write
    expect(calls.activityUpserts).toHaveLength(bound + 1);
    await log.touch("user-0"); // the oldest was pushed out: written again, once
    expect(calls.activityUpserts).toHaveLength(bound + 2);
  });

  it("UserActivityLog writes a user again a day after the last write", async () => {
    const { hot, calls } = countingStores();
    let now = Date.parse("2026-03-01T08:00:00Z");
    const log = new UserActivityLog(hot, () => new Date(now));
    await log.touch("u");
    now += 23 * 3600_000;
    await log.touch("u");
    now += 3600_000;
    await log.touch("u");
    expect(calls.activityUpserts).toEqual(["u", "u"]);
  });

  it("ConversationReferences saves each personal chat once and remembers at most 10 000 users", async () => {
    const { prisma, hot, calls } = countingStores();
    const references = new ConversationReferences(prisma, hot);
    for (const user of users(bound + 1)) await references.remember(personalTurn(user));
    await references.remember(personalTurn(`user-${bound}`));
    expect(calls.referenceUpserts).toHaveLength(bound + 1);
    await references.remember(personalTurn("user-0"));
    expect(calls.referenceUpserts).toHaveLength(bound + 2);
  });

  it("the licence gate caches memberships of at most 10 000 users, even within the TTL", async () => {
    const { prisma, hot, calls } = countingStores();
    const gate = new LicenceGate(prisma, hot, { ttlMs: 3600_000 });
    for (const user of users(bound + 1)) await gate.accessFor("tenant-1", user);
    await gate.accessFor("tenant-1", `user-${bound}`);
    expect(calls.membershipReads).toHaveLength(bound + 1);
    await gate.accessFor("tenant-1", "user-0");
    expect(calls.membershipReads).toHaveLength(bound + 2);
  });
});
