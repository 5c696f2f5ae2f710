import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import { openDatabase } from "../../src/platform/storage/database";
import { randomOrgNumber } from "../incidents/incident-helpers";
import { spawnBot, type BotProcess } from "../support/bot-process";
import { createDatabaseTarget, DATABASE_KINDS, type DatabaseTarget } from "../support/database-targets";
import type { FakeConnector } from "../support/fake-connector";
import { HoldingConnector } from "../support/holding-connector";
import { postgresAvailable } from "../support/postgres";
import { cardText, cardsOf, TestUser, type Card } from "../support/test-user";

const sv = loadContent().ui("sv");
const adminToken = randomBytes(24).toString("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const invitationsOf = (connector: HoldingConnector, user: TestUser) =>
  connector
    .forConversation(user.conversationId)
    .flatMap(cardsOf)
    .filter((card) => cardText(card).includes(sv.invitation.cardTitle));

/**
 * A workspace licensed through the operator API with `officer` as its security officer (known to Teams by
 * the e-mail the licence names), whose access is open to everyone; the officer has said hello.
 */
async function licensedWithOfficer(botUrl: string, connector: HoldingConnector, officer: TestUser, org: string) {
  const officerEmail = `sakerhet.${officer.tenantId.slice(0, 8)}@testkommun.se`;
  connector.members.set(`29:${officer.userId}`, { email: officerEmail, name: "Sara Säkerhetsansvarig" });
  const granted = await fetch(`${botUrl}/api/admin/licenses`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({
      tenant: officer.tenantId,
      org,
      orgNumber: randomOrgNumber(),
      kind: "kommun",
      officer: officerEmail,
    }),
  });
  expect(granted.status).toBeLessThan(300);
  await officer.say("hej");
  await officer.execute("adminSetMode", { accessMode: "everyone" });
}

describe("an invitation press when the bot is killed before the turn commits", () => {
  const connector = new HoldingConnector();
  let dataDir: string;
  let bot: BotProcess | undefined;
  const start = async () =>
    (bot = await spawnBot({
      dataDir,
      env: { ADMIN_TOKEN: adminToken, ENCRYPTION_KEY: Buffer.alloc(32, 6).toString("base64") },
    }));

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tsf-invitation-crash-"));
    await connector.start();
  });
  afterAll(async () => {
    await bot?.stop("SIGKILL");
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const userIn = (tenantId: string, known?: TestUser) =>
    new TestUser({
      botUrl: bot!.url,
      connector: connector as unknown as FakeConnector,
      tenantId,
      userId: known?.userId,
      conversationId: known?.conversationId,
    });
  const post = (activity: Record<string, unknown>) =>
    fetch(`${bot!.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
  it("sends nothing, and the redelivery after the restart sends each invitation once", async () => {
    await start();
    const tenantId = randomUUID();
    const first = userIn(tenantId);
    await licensedWithOfficer(bot!.url, connector, first, "Kraschby kommun");
    // A second officer, granted by e-mail: their first turn asks Teams who they are, in the middle of it.
    const secondEmail = `andra.${tenantId.slice(0, 8)}@testkommun.se`;
    await first.execute("adminAddOfficer", { officerEmail: secondEmail });
    const officials = [userIn(tenantId), userIn(tenantId)];
    for (const official of officials) await official.say("hej");

    const second = userIn(tenantId);
    connector.members.set(`29:${second.userId}`, { email: secondEmail, name: "Bo Beredskap" });
    const press = second.activity({
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb: "adminInvite", data: { invitationRound: randomUUID() } } },
    });
    connector.holdLookups = true;
    const held = connector.held();
    void post(press).catch(() => undefined);
    await held;
    await bot!.stop("SIGKILL");
    await sleep(500);
    expect(officials.map((o) => invitationsOf(connector, o).length)).toEqual([0, 0]);

    connector.holdLookups = false;
    await start();
    const redelivered = await post(press);
    expect(redelivered.status).toBe(200);
    const card = ((await redelivered.json()) as { value: Card }).value;
    expect(cardText(card)).toContain(fill(sv.invitation.sent, { count: 2 }));
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100))
      if (officials.every((o) => invitationsOf(connector, o).length > 0)) break;

    // A third delivery is a duplicate of the one that ran.
    expect((await post(press)).status).toBe(200);
    await sleep(1000);
    expect(officials.map((o) => invitationsOf(connector, o).length)).toEqual([1, 1]);
    expect(invitationsOf(connector, userIn(tenantId, first))).toEqual([]);
  }, 180_000);
});

describe.each(DATABASE_KINDS)(
  "an invitation round when the bot is killed after the commit, while sending, on %s",
  async (kind) => {
    const available = kind === "pglite" || (await postgresAvailable);
    if (!available) return it.skip("needs PostgreSQL");
    const connector = new HoldingConnector();
    let target: DatabaseTarget;
    let bot: BotProcess | undefined;
    const start = async () =>
      (bot = await spawnBot({
        dataDir: target.options.dataDir!,
        env: {
          ADMIN_TOKEN: adminToken,
          ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
          REMINDER_SWEEP_SECONDS: "1",
          ...(target.options.databaseUrl ? { DATABASE_URL: target.options.databaseUrl } : {}),
        },
      }));
    /** The database while the bot is down (PGlite has one process at a time). */
    const withDatabase = async <T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) => {
      const db = await openDatabase(target.options);
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    };

    beforeAll(async () => {
      target = await createDatabaseTarget(kind);
      await connector.start();
    });
    afterAll(async () => {
      await bot?.stop("SIGKILL");
      await connector.stop();
      await target?.cleanup();
    });

    const userIn = (tenantId: string) =>
      new TestUser({ botUrl: bot!.url, connector: connector as unknown as FakeConnector, tenantId });

    it("the sweep after the restart sends the rest of the round once, and not again the one that was being sent", async () => {
      await start();
      const tenantId = randomUUID();
      const officer = userIn(tenantId);
      await licensedWithOfficer(bot!.url, connector, officer, "Avbrottsby kommun");
      const officials = [userIn(tenantId), userIn(tenantId), userIn(tenantId)];
      for (const official of officials) await official.say("hej");

      // The press commits and answers; its first invitation is on its way to Teams when the bot is killed.
      connector.holdReplies = true;
      const held = connector.held();
      const answer = await officer.execute("adminInvite", { invitationRound: randomUUID() });
      expect(cardText(answer)).toContain(fill(sv.invitation.sent, { count: 3 }));
      await held;
      await bot!.stop("SIGKILL");
      connector.holdReplies = false;
      expect(officials.map((o) => invitationsOf(connector, o).length)).toEqual([0, 0, 0]);

      // Long enough ago for the round's own sends to be over, and for the claim to belong to a dead instance.
      const inFlight = await withDatabase(async ({ prisma }) => {
        const claimed = await prisma.invitation.findMany({ where: { tenantId, claimedAt: { not: null } } });
        expect(claimed).toHaveLength(1);
        await prisma.invitation.updateMany({
          where: { tenantId },
          data: { nextAttemptAt: new Date(Date.now() - 1000) },
        });
        await prisma.invitation.update({
          where: { id: claimed[0].id },
          data: { claimedAt: new Date(Date.now() - 11 * 60 * 1000) },
        });
        return claimed[0].userId;
      });
      const rest = officials.filter((o) => o.userId !== inFlight);
      expect(rest).toHaveLength(2);

      await start();
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(200))
        if (rest.every((o) => invitationsOf(connector, o).length > 0)) break;
      await sleep(3000); // several more sweeps
      expect(officials.map((o) => invitationsOf(connector, o).length)).toEqual(
        officials.map((o) => (o.userId === inFlight ? 0 : 1)),
      );
      expect(invitationsOf(connector, officer)).toEqual([]);

      await bot!.stop();
      const rows = await withDatabase(({ prisma }) => prisma.invitation.findMany({ where: { tenantId } }));
      expect(rows.find((r) => r.userId === inFlight)).toMatchObject({ failure: "interrupted", deliveredAt: null });
      expect(rows.filter((r) => r.deliveredAt !== null)).toHaveLength(2);
    }, 180_000);
  },
);
