import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/content-catalog";
import { spawnBot, type BotProcess } from "../support/bot-process";
import { FakeConnector } from "../support/fake-connector";
import { cardText, TestUser } from "../support/test-user";

const ui = loadContent().ui("sv");

describe("a hard restart", () => {
  let dataDir: string;
  const connector = new FakeConnector();
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tsf-restart-"));
    await connector.start();
  });
  afterAll(async () => {
    await bot?.stop("SIGKILL");
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps the user's place: after kill -9 and a new start, fortsätt and the old card's next both continue", async () => {
    bot = await spawnBot({ dataDir });
    const before = new TestUser({ botUrl: bot.url, connector });
    await before.submit({ verb: "openTheme", themeId: "uttryck-och-konsekvenser" });
    for (let i = 0; i < 4; i++) await before.press(ui.step.next);
    expect(cardText(before.lastCard())).toContain("steg 5 av 9");

    await bot.stop("SIGKILL");
    expect(bot.process.signalCode).toBe("SIGKILL");

    bot = await spawnBot({ dataDir });
    const after = new TestUser({
      botUrl: bot.url,
      connector,
      userId: before.userId,
      conversationId: before.conversationId,
    });
    await after.press(ui.step.next);
    expect(cardText(after.lastCard())).toContain("steg 6 av 9");

    await after.say("meny");
    await after.say("fortsätt");
    expect(cardText(after.lastCard())).toContain("steg 6 av 9");
  });
});
