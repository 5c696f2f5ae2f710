import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { randomOrgNumber } from "../incidents/incident-helpers";
import { spawnBot, type BotProcess } from "../support/bot-process";
import type { FakeConnector } from "../support/fake-connector";
import { HoldingConnector } from "../support/holding-connector";
import { databaseKindsHere } from "../support/database-targets";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { cardsOf, cardText, TestUser } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const theme = content.themes("sv").find((t) => t.steps.some((s) => s.type === "reflection"))!;
const reflectionStep = theme.steps.find((s) => s.type === "reflection")!;
const adminToken = randomBytes(24).toString("hex");

/**
 * A case starts the bot as a process of its own (twice for the first) and kills it: on a loaded machine one
 * start alone can take most of vitest's default minute, so the cases get the time the invitation crash test has.
 */
const twoStartsAndAKill = 180_000;

describe("a hard kill at the worst moment of a turn", async () => {
  describe.each(await databaseKindsHere())("on %s", (kind, available) => {
    const connector = new HoldingConnector();
    let dataDir: string;
    let database: TestDatabase | undefined;
    let bot: BotProcess | undefined;
    const env = () => ({
      ADMIN_TOKEN: adminToken,
      ENCRYPTION_KEY: Buffer.alloc(32, 5).toString("base64"),
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    const start = async () => (bot = await spawnBot({ dataDir, env: env() }));

    beforeAll(async () => {
      if (!available) return;
      dataDir = await mkdtemp(path.join(os.tmpdir(), "tsf-crash-window-"));
      if (kind === "postgres") database = await createTestDatabase();
      await connector.start();
    });
    afterAll(async () => {
      await bot?.stop("SIGKILL");
      await connector.stop();
      await database?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    const userOf = (tenantId: string, userId?: string, conversationId?: string) =>
      new TestUser({
        botUrl: bot!.url,
        connector: connector as unknown as FakeConnector,
        tenantId,
        userId,
        conversationId,
      });
    const savePress = (user: TestUser, answer: string) =>
      user.activity({
        type: "message",
        value: {
          verb: "reflectionChoice",
          themeId: theme.id,
          stepId: reflectionStep.id,
          choice: "save",
          cardId: randomUUID(),
          reflectionAnswer: answer,
        },
      });
    const post = (activity: Record<string, unknown>) =>
      fetch(`${bot!.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(activity),
      });
    const savedAnswersText = async (user: TestUser) => {
      const replies = await user.say("mina reflektioner");
      return replies.flatMap(cardsOf).map(cardText).join("\n");
    };

    it.skipIf(!available)(
      "killed after claiming the activity, before it did anything: the redelivery seconds later runs the turn, once",
      async () => {
        await start();
        // A workspace whose security officer was granted by e-mail: the gate asks Teams for the e-mail of
        // a user it has not met, in the middle of the turn, which this connector holds.
        const tenantId = randomUUID();
        connector.email = `sakerhet.${tenantId.slice(0, 8)}@testkommun.se`;
        const granted = await fetch(`${bot!.url}/api/admin/licenses`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
          body: JSON.stringify({
            tenant: tenantId,
            org: "Krockby kommun",
            orgNumber: randomOrgNumber(),
            kind: "kommun",
            officer: connector.email,
          }),
        });
        expect(granted.status).toBeLessThan(300);

        const user = userOf(tenantId);
        const press = savePress(user, "Svaret som överlevde en krasch");
        connector.holdLookups = true;
        const held = connector.held();
        void post(press).catch(() => undefined);
        await held;
        await bot!.stop("SIGKILL");

        connector.holdLookups = false;
        await start();
        const again = userOf(tenantId, user.userId, user.conversationId);
        const redelivered = await post(press);
        expect(redelivered.status).toBe(200);
        const replies = again.cards().map(cardText).join("\n");
        expect(replies).toContain(sv.reflection.saved);
        expect((await savedAnswersText(again)).split("Svaret som överlevde en krasch")).toHaveLength(2);
        // A third delivery is a duplicate of the one that ran.
        await post(press);
        expect((await savedAnswersText(again)).split("Svaret som överlevde en krasch")).toHaveLength(2);
      },
      twoStartsAndAKill,
    );

    it.skipIf(!available)(
      "killed after the turn committed, while sending its reply: the redelivery is acknowledged, not run again",
      async () => {
        const tenantId = "00000000-0000-0000-0000-0000000000001";
        const user = userOf(tenantId);
        await user.say("meny");
        const press = savePress(user, "Sparat precis före kraschen");
        connector.holdReplies = true;
        const held = connector.held();
        void post(press).catch(() => undefined);
        await held;
        await bot!.stop("SIGKILL");

        connector.holdReplies = false;
        await start();
        const again = userOf(tenantId, user.userId, user.conversationId);
        const before = connector.forConversation(user.conversationId).length;
        const redelivered = await post(press);
        expect(redelivered.status).toBe(200);
        expect(connector.forConversation(user.conversationId)).toHaveLength(before);
        expect((await savedAnswersText(again)).split("Sparat precis före kraschen")).toHaveLength(2);
      },
      twoStartsAndAKill,
    );
  });
});
