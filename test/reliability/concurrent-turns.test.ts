import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import type { RunningBot } from "../../src/runtime";
import { postgresAvailable } from "../support/postgres";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { cardText, type TestUser } from "../support/test-user";
import { useTwoInstancesOnOnePostgres } from "../support/two-instances";

const sv = loadContent().ui("sv");
const themeId = "uttryck-och-konsekvenser";
const stepCount = loadContent().theme("sv", themeId)!.steps.length;

/** The conversation's saved state, as the next turn will load it. */
async function conversationState(bot: RunningBot, conversationId: string): Promise<Record<string, unknown>> {
  const rows = await bot.database.prisma.botState.findMany({ where: { key: { contains: conversationId } } });
  const row = rows.find((r) => r.key.includes("/conversations/")) ?? rows[0];
  return (row?.data ?? {}) as Record<string, unknown>;
}

/** A double click and a second device at once: the theme moves on AND the documentation starts, both kept. */
async function twoDevicesAtOnce(desktop: TestUser, phone: TestUser) {
  await desktop.submit({ verb: "openTheme", themeId });
  const next = desktop.findAction(sv.step.next).data!;
  const results = await Promise.all([desktop.submit(next), desktop.submit(next), phone.say("dokumentera")]);
  return results;
}

function expectBothKept(state: Record<string, unknown>) {
  const json = JSON.stringify(state);
  expect(json).toContain("incidentDialog"); // the documentation that was started
  expect(json).toContain(themeId); // the theme that moved on
}

describe("two turns of one conversation at once", async () => {
  describe("on one instance (PGlite)", () => {
    let harness: BotUnderTest;
    beforeAll(async () => {
      harness = await startBotUnderTest("pglite");
    });
    afterAll(() => harness?.stop());

    it("lose nothing: a double click on next and a command from a second device all take effect, no error card", async () => {
      const desktop = harness.newUser();
      const phone = harness.newUser({ userId: desktop.userId, conversationId: desktop.conversationId });
      await twoDevicesAtOnce(desktop, phone);
      const texts = desktop.cards().map(cardText).join("\n");
      expect(texts).not.toContain(sv.errors.generic);
      expectBothKept(await conversationState(harness.bot, desktop.conversationId));
      // The double click moves one step, not two.
      await desktop.say("meny");
      await desktop.say("fortsätt");
      expect(cardText(desktop.lastCard())).toContain(`steg 2 av ${stepCount}`);
    });
  });

  describe.skipIf(!(await postgresAvailable))("on two instances sharing PostgreSQL", () => {
    const shared = useTwoInstancesOnOnePostgres({ as: "in-process", env: { LOG_LEVEL: "error" } });

    it("retry the turn that lost the eTag race on fresh state, so both turns' changes are kept", async () => {
      let lost = 0;
      for (let round = 0; round < 5; round++) {
        const [desktop, phone] = shared.sameUserOnBoth();
        await twoDevicesAtOnce(desktop, phone);
        const state = JSON.stringify(await conversationState(shared.instances[0].bot, desktop.conversationId));
        if (!state.includes("incidentDialog") || !state.includes(themeId)) lost++;
        expect(desktop.cards().map(cardText).join("\n")).not.toContain(sv.errors.generic);
      }
      const [first, second] = shared.instances;
      const retries = first.bot.reliability.conflictRetries + second.bot.reliability.conflictRetries;
      console.info(
        `5 rounds of concurrent turns over two instances: ${retries} eTag conflict(s) retried, ${lost} lost`,
      );
      expect(lost).toBe(0);
    });
  });
});
