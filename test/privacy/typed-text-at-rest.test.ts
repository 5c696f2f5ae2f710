import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitOrderVerb } from "../../src/cards/order-form-card";
import { loadContent } from "../../src/domain/content/content-catalog";
import { logger, tapLogs } from "../../src/platform/logger";
import { maxReflectionLength } from "../../src/domain/reflections/reflection-store";
import { incidentQuestionKeys } from "../../src/domain/incidents/incident-record";
import { databaseKindsHere } from "../support/database-targets";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import type { TestUser } from "../support/test-user";

/**
 * Nothing a user types outlives the turn unless they pressed save: after each path below, the marker
 * they typed is searched for in every text, JSON and bytea column of every table, and in the logs.
 */
const content = loadContent();
const sv = content.ui("sv");
const theme = content.themes("sv").find((t) => t.steps.some((s) => s.type === "reflection"))!;
const reflectionStep = theme.steps.find((s) => s.type === "reflection")!;

const marker = () => `Markör${randomUUID().slice(0, 8)}`;

/** Every table and column, found by SQL, that holds the marker as text (bytea: its UTF-8 bytes). */
async function placesHolding(harness: BotUnderTest, text: string): Promise<string[]> {
  const prisma = harness.bot.database.prisma;
  const columns = await prisma.$queryRawUnsafe<Array<{ table_name: string; column_name: string; data_type: string }>>(
    `SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea')`,
  );
  expect(columns.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    const holds =
      type === "bytea"
        ? `position(convert_to($1::text, 'UTF8') in "${column}") > 0`
        : `position($1::text in "${column}"::text) > 0`;
    const [{ count }] = await prisma.$queryRawUnsafe<Array<{ count: bigint | number }>>(
      `SELECT count(*) AS count FROM "${table}" WHERE ${holds}`,
      text,
    );
    if (Number(count) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe("typed text at rest", async () => {
  describe.each(await databaseKindsHere())("on %s", (kind, available) => {
    let harness: BotUnderTest;
    let lines: string[] = [];
    let untap: () => void = () => undefined;
    beforeAll(async () => {
      if (!available) return;
      harness = await startBotUnderTest(kind);
      logger.level = "trace";
      untap = tapLogs((line) => lines.push(line));
    });
    afterAll(async () => {
      untap();
      logger.level = "silent";
      await harness?.stop();
    });

    const expectNowhere = async (text: string) => {
      expect(await placesHolding(harness, text)).toEqual([]);
      expect(lines.filter((line) => line.includes(text))).toEqual([]);
    };
    const atReflection = async (user: TestUser) => {
      await user.submit({ verb: "openTheme", themeId: theme.id, stepId: reflectionStep.id });
    };

    it.skipIf(!available)("a reflection answer with continue-without-saving is kept nowhere", async () => {
      const user = harness.newUser();
      const typed = marker();
      await atReflection(user);
      await user.press(sv.reflection.skip, { reflectionAnswer: `Det här ska inte sparas ${typed}` });
      await expectNowhere(typed);
    });

    it.skipIf(!available)("a saved reflection is in the database only as ciphertext", async () => {
      const user = harness.newUser();
      const typed = marker();
      await atReflection(user);
      await user.press(sv.reflection.save, { reflectionAnswer: `Sparat svar ${typed}` });
      await expectNowhere(typed);
      const saved = await harness.bot.services.reflections.listForUser(user.userId);
      expect(saved.map((r) => r.answer)).toEqual([`Sparat svar ${typed}`]);
    });

    it.skipIf(!available)("a reflection refused as too long is given back in the box and kept nowhere", async () => {
      const user = harness.newUser();
      const typed = marker();
      await atReflection(user);
      const answer = `${typed} ${"x".repeat(maxReflectionLength)}`;
      const replies = await user.press(sv.reflection.save, { reflectionAnswer: answer });
      expect(JSON.stringify(replies)).toContain(typed);
      await expectNowhere(typed);
    });

    it.skipIf(!available)("a question typed to the search is kept nowhere", async () => {
      const user = harness.newUser();
      const typed = marker();
      await user.say(`Vad gör jag när ${typed} hotar mig på mejlen`);
      await expectNowhere(typed);
    });

    it.skipIf(!available)("an order form sent back with errors is kept nowhere, its answer card included", async () => {
      const user = harness.newUser({ tenantId: randomUUID() });
      const typed = marker();
      await user.say("beställ");
      const card = await user.execute(submitOrderVerb, {
        orgName: `Kommunen ${typed}`,
        orgNumber: "123",
        kind: "kommun",
        ordererName: `Namn ${typed}`,
        ordererEmail: "inte-en-adress",
        ordererPhone: "",
        invoiceReference: typed,
      });
      expect(JSON.stringify(card)).toContain(typed); // the form comes back filled in, to correct
      await expectNowhere(typed);
    });

    it.skipIf(!available)(
      "an incident abandoned mid-way for the menu is kept only sealed, and gone once the user starts over",
      async () => {
        const user = harness.newUser();
        const typed = marker();
        await user.say("dokumentera");
        await user.press(sv.incident.next, { incidentAnswer: `Han skrev ${typed}` });
        await user.say("meny");
        await expectNowhere(typed);
        const sealedDraft = await draftOf(harness, user.conversationId);
        expect(sealedDraft).toBeTruthy();
        await user.say("dokumentera");
        await user.press(sv.incident.startOver);
        expect(JSON.stringify(await conversationState(harness, user.conversationId))).not.toContain(sealedDraft);
      },
    );

    it.skipIf(!available)("an incident finished without saving leaves no draft behind", async () => {
      const user = harness.newUser();
      const typed = marker();
      await user.say("dokumentera");
      await user.press(sv.incident.next, { incidentAnswer: `Hot ${typed}` });
      for (let i = 1; i < incidentQuestionKeys.length; i++) await user.press(sv.incident.skip);
      expect(await draftOf(harness, user.conversationId)).toBeTruthy();
      await user.press(sv.incident.finishWithoutSaving);
      await expectNowhere(typed);
      expect(await draftOf(harness, user.conversationId)).toBeUndefined();
      expect(await harness.bot.database.prisma.incident.count({ where: { userId: user.userId } })).toBe(0);
    });
  });
});

async function conversationState(harness: BotUnderTest, conversationId: string): Promise<unknown> {
  const rows = await harness.bot.database.prisma.botState.findMany({ where: { key: { contains: conversationId } } });
  return rows.map((row) => row.data);
}

/** The sealed draft in the conversation's incident dialog state, if any. */
async function draftOf(harness: BotUnderTest, conversationId: string): Promise<string | undefined> {
  const found = JSON.stringify(await conversationState(harness, conversationId)).match(/"draft":"([^"]+)"/);
  return found?.[1];
}
