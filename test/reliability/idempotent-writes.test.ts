import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import type { RunningBot } from "../../src/runtime";
import { turnScoped } from "../../src/platform/storage/turn-transaction";
import { incidentQuestionKeys } from "../../src/domain/incidents/incident-record";
import { databaseKindsHere } from "../support/database-targets";
import { postgresAvailable } from "../support/postgres";
import { useBotUnderTest } from "../support/test-bot";
import { cardText, cardsOf, type CardAction, type TestUser } from "../support/test-user";
import { useTwoInstancesOnOnePostgres } from "../support/two-instances";

const content = loadContent();
const sv = content.ui("sv");
const theme = content.themes("sv").find((t) => t.steps.some((s) => s.type === "reflection"))!;
const reflectionStep = theme.steps.find((s) => s.type === "reflection")!;

/** Opens the theme at its reflection step; the save button of the card it shows (with the card's id). */
async function reflectionCard(user: TestUser): Promise<CardAction> {
  await user.submit({ verb: "openTheme", themeId: theme.id, stepId: reflectionStep.id });
  const save = user.findAction(sv.reflection.save);
  expect(save.data?.cardId).toEqual(expect.any(String));
  return save;
}

function pressSave(user: TestUser, save: CardAction, answer: string) {
  return user.post({ type: "message", value: { ...save.data, reflectionAnswer: answer } });
}

async function reflectionsOf(bot: RunningBot, userId: string): Promise<number> {
  return bot.database.prisma.reflection.count({ where: { userId } });
}

describe("every write a card causes happens once", async () => {
  const pg = await postgresAvailable;

  describe.each(await databaseKindsHere())("on one instance (%s)", (kind, available) => {
    const harness = useBotUnderTest(kind, { LOG_LEVEL: "error" });

    it.skipIf(!available)(
      "a second save from the same card stores nothing new and tells the user the answer is already saved",
      async () => {
        const user = harness.newUser();
        const save = await reflectionCard(user);
        await pressSave(user, save, "Första gången jag sparar");
        const again = await pressSave(user, save, "Andra gången, samma kort");
        expect(await reflectionsOf(harness.bot, user.userId)).toBe(1);
        expect(again.replies.flatMap(cardsOf).map(cardText).join("\n")).toContain(sv.reflection.alreadySaved);
        const [saved] = await harness.bot.services.reflections.listForUser(user.userId);
        expect(saved.answer).toBe("Första gången jag sparar");
      },
    );

    it.skipIf(!available)("a double click on save (both presses at once) stores one answer", async () => {
      const user = harness.newUser();
      const save = await reflectionCard(user);
      const results = await Promise.all([pressSave(user, save, "Dubbelklick"), pressSave(user, save, "Dubbelklick")]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(await reflectionsOf(harness.bot, user.userId)).toBe(1);
    });

    it.skipIf(!available)("a card id from another user's card does not block this user's own save", async () => {
      const first = harness.newUser();
      const save = await reflectionCard(first);
      await pressSave(first, save, "Mitt eget svar");
      const second = harness.newUser();
      await second.submit({ verb: "openTheme", themeId: theme.id, stepId: reflectionStep.id });
      await pressSave(second, save, "Ett annat svar med samma kort-id");
      expect(await reflectionsOf(harness.bot, second.userId)).toBe(1);
      expect(await reflectionsOf(harness.bot, first.userId)).toBe(1);
    });

    it.skipIf(!available)("a save that loses the eTag race is rolled back and done once on the retry", async () => {
      const user = harness.newUser();
      const save = await reflectionCard(user);
      // Right after the insert, the conversation's state changes under the turn (as when another
      // instance saves it first), so the turn's state save fails its eTag check and the turn runs again.
      const reflections = harness.bot.services.reflections;
      const original = reflections.save.bind(reflections);
      const prisma = turnScoped(harness.bot.database.prisma);
      let calls = 0;
      reflections.save = async (...args) => {
        const result = await original(...args);
        if (calls++ === 0) {
          await prisma.$executeRaw`UPDATE bot_state SET etag = 'changed-elsewhere'
            WHERE key LIKE ${`%${user.conversationId}%`}`;
        }
        return result;
      };
      try {
        const retriesBefore = harness.bot.reliability.conflictRetries;
        const { replies } = await pressSave(user, save, "Sparas en gång trots omtaget");
        expect(harness.bot.reliability.conflictRetries).toBe(retriesBefore + 1);
        expect(calls).toBe(2);
        expect(await reflectionsOf(harness.bot, user.userId)).toBe(1);
        // The user hears it was saved (not "already saved": the first attempt never happened).
        expect(replies.flatMap(cardsOf).map(cardText).join("\n")).toContain(sv.reflection.saved);
      } finally {
        reflections.save = original;
      }
    });
  });

  describe.skipIf(!pg)("on two instances sharing one PostgreSQL", () => {
    const shared = useTwoInstancesOnOnePostgres({
      as: "in-process",
      env: { LOG_LEVEL: "error", RATE_LIMIT_USER_PER_MINUTE: "1000" },
    });

    it("twenty clicks on one card's save, spread over both instances at once, store exactly one answer", async () => {
      const [one, other] = shared.sameUserOnBoth();
      const save = await reflectionCard(one);
      const presses = Array.from({ length: 20 }, (_, i) => pressSave(i % 2 === 0 ? one : other, save, "Tjugo klick"));
      const results = await Promise.all(presses);
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(await reflectionsOf(shared.instances[0].bot, one.userId)).toBe(1);
      expect(one.cards().map(cardText).join("\n")).not.toContain(sv.errors.generic);
    });

    it("an incident saved on both instances at once is stored once", async () => {
      const [one, other] = shared.sameUserOnBoth();
      await one.say("dokumentera");
      await one.press(sv.incident.next, { incidentAnswer: "Hotfullt mejl efter fullmäktige" });
      for (let i = 1; i < incidentQuestionKeys.length; i++) await one.press(sv.incident.skip);
      const save = one.findAction(sv.incident.save.replace("{days}", "30"));
      const results = await Promise.all([one.submit(save.data!), other.submit(save.data!)]);
      expect(results).toHaveLength(2);
      const stored = await shared.instances[0].bot.database.prisma.incident.count({ where: { userId: one.userId } });
      expect(stored).toBe(1);
      expect(one.cards().map(cardText).join("\n")).not.toContain(sv.errors.generic);
    });
  });
});
