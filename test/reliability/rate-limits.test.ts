import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { postgresAvailable } from "../support/postgres";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { cardText } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const en = content.ui("en");

describe("rate limits", async () => {
  const pg = await postgresAvailable;
  describe.each([
    ["pglite (in memory)", "pglite", true],
    ["postgres (shared table)", "postgres", pg],
  ] as const)("on %s", (_name, kind, available) => {
    let harness: BotUnderTest;
    beforeAll(async () => {
      if (available)
        harness = await startBotUnderTest(kind, { RATE_LIMIT_USER_PER_MINUTE: "3", RATE_LIMIT_TENANT_PER_MINUTE: "8" });
    });
    afterAll(() => harness?.stop());

    it.skipIf(!available)(
      "answer a user over the limit with a polite card, in their language, and nothing else",
      async () => {
        const user = harness.newUser({ tenantId: randomUUID() });
        for (let i = 0; i < 3; i++) {
          await user.say("hjälp");
          expect(cardText(user.lastCard())).not.toContain(sv.reliability.rateLimitedUser);
        }
        const replies = await user.say("hjälp");
        expect(replies).toHaveLength(1);
        expect(cardText(user.lastCard())).toContain(sv.reliability.rateLimitedUser);
        const english = harness.newUser({ tenantId: randomUUID(), locale: "en-US" });
        for (let i = 0; i < 4; i++) await english.say("help");
        expect(cardText(english.lastCard())).toContain(en.reliability.rateLimitedUser);
      },
    );

    it.skipIf(!available)("never limit akut", async () => {
      const user = harness.newUser({ tenantId: randomUUID() });
      for (let i = 0; i < 4; i++) await user.say("hjälp");
      await user.say("akut");
      expect(cardText(user.lastCard())).toContain(content.emergency("sv").askTitle);
    });

    it.skipIf(!available)("limit a whole tenant, and leave other tenants alone", async () => {
      const tenantId = randomUUID();
      for (let i = 0; i < 8; i++) await harness.newUser({ tenantId }).say("hjälp");
      const ninth = harness.newUser({ tenantId });
      await ninth.say("hjälp");
      expect(cardText(ninth.lastCard())).toContain(sv.reliability.rateLimitedTenant);
      const elsewhere = harness.newUser({ tenantId: randomUUID() });
      await elsewhere.say("hjälp");
      expect(cardText(elsewhere.lastCard())).not.toContain(sv.reliability.rateLimitedTenant);
    });
  });
});
