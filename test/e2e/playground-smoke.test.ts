/**
 * Self-test of the e2e harness: echo bot fixture + real Agents Playground + headless Chromium.
 * Run: npx vitest run test/e2e
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  getFreePort,
  openPlaygroundPage,
  sendCustomMessage,
  startBot,
  startPlayground,
  type PlaygroundPage,
  type RunningBot,
  type RunningPlayground,
} from "./support/playground";

const skipReason = chromiumAvailable() ? undefined : `${CHROMIUM_PATH} is missing, so the browser e2e tests cannot run`;
if (skipReason) console.warn(`[e2e] SKIPPED: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("Agents Playground harness (echo bot)", () => {
  let dataDir: string | undefined;
  let bot: RunningBot | undefined;
  let playground: RunningPlayground | undefined;
  let ui: PlaygroundPage | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "e2e-echo-data-"));
    bot = await startBot({ port: await getFreePort(), dataDir, entry: "test/e2e/fixtures/echo-bot.ts" });
    playground = await startPlayground({ botEndpoint: bot.endpoint, port: await getFreePort() });
    ui = await openPlaygroundPage(playground.url);
  }, 120_000);

  afterAll(async () => {
    // Each step guarded, so one failing cleanup does not leave the other processes running.
    await ui?.close().catch(() => undefined);
    await playground?.stop().catch(() => undefined);
    await bot?.stop().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("sends text, gets a card, fills it and clicks its buttons", async () => {
    const page = ui!;
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
    await sendCustomMessage(playground!.url, { text: "svensk text", locale: "sv-SE" });
    expect(await ui!.waitForBotMessageContaining("Språk: sv-SE", 30_000, { onlyNew: false })).toContain("sv-SE");
    await ui!.waitForBotMessageContaining("Du skrev: svensk text", 30_000, { onlyNew: false });
    await ui!.screenshot("smoke-05-custom-locale");
  }, 120_000);
});
