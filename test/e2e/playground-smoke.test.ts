/**
 * Self-test of the e2e harness: echo bot fixture + real Agents Playground + headless Chromium.
 * Run: npx vitest run test/e2e
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_SKIP_REASON, startE2ESession, type E2ESession } from "./support/e2e-session";
import { sendCustomMessage } from "./support/playground";

describe.skipIf(E2E_SKIP_REASON !== undefined)("Agents Playground harness (echo bot)", () => {
  let session: E2ESession | undefined;

  beforeAll(async () => {
    session = await startE2ESession({ name: "smoke", entry: "test/e2e/fixtures/echo-bot.ts" });
  }, 120_000);

  afterAll(() => session?.stop(), 60_000);

  it("sends text, gets a card, fills it and clicks its buttons", async () => {
    const { page } = session!;
    await page.screenshot("smoke-01-loaded");

    await page.send("hej från testet");
    expect(await page.waitForBotMessageContaining("Du skrev: hej från testet", 30_000)).toContain("hej från testet");
    await page.waitForBotMessageContaining("Eko: hej från testet", 30_000);
    expect(await page.lastCardText()).toContain("Eko: hej från testet");
    await page.screenshot("smoke-02-card");

    await page.fillCardInput("Din anteckning", "första");
    await page.clickCardButton("Skicka");
    expect(await page.waitForBotMessageContaining("Tack, första!", 30_000)).toContain("Tack, första!");
    await page.screenshot("smoke-03-submitted");

    // Action.Execute: the Playground swaps the card in place, so it is not a "new" message.
    await page.fillCardInput("Skriv här", "andra");
    await page.clickCardButton("Uppdatera");
    await page.waitForBotMessageContaining("Uppdaterad: andra", 30_000, { onlyNew: false });
    await page.screenshot("smoke-04-executed");
  }, 120_000);

  it("can send an sv-SE activity the UI cannot produce", async () => {
    const { page, playground } = session!;
    await sendCustomMessage(playground.url, { text: "svensk text", locale: "sv-SE" });
    expect(await page.waitForBotMessageContaining("Språk: sv-SE", 30_000, { onlyNew: false })).toContain("sv-SE");
    await page.waitForBotMessageContaining("Du skrev: svensk text", 30_000, { onlyNew: false });
    await page.screenshot("smoke-05-custom-locale");
  }, 120_000);
});
