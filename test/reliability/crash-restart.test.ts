import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/content-catalog";
import { spawnBot, type BotProcess } from "../support/bot-process";
import { FakeConnector } from "../support/fake-connector";
import { cardText, TestUser } from "../support/test-user";

const sv = loadContent().ui("sv");

describe("a hard kill in the middle of an incident documentation", () => {
  let dataDir: string;
  const connector = new FakeConnector();
  let bot: BotProcess | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tsf-crash-incident-"));
    await connector.start();
  });
  afterAll(async () => {
    await bot?.stop("SIGKILL");
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps the answers given so far: after kill -9 and a new start the user continues at the next question", async () => {
    bot = await spawnBot({ dataDir });
    const before = new TestUser({ botUrl: bot.url, connector });
    await before.say("dokumentera");
    await before.press(sv.incident.next, { incidentAnswer: "Hotfullt mejl efter fullmäktige" });
    await before.press(sv.incident.next, { incidentAnswer: "I måndags kväll" });
    expect(cardText(before.lastCard())).toContain("Fråga 3 av 8");

    await bot.stop("SIGKILL");
    expect(bot.process.signalCode).toBe("SIGKILL");
    bot = await spawnBot({ dataDir });

    const after = new TestUser({
      botUrl: bot.url,
      connector,
      userId: before.userId,
      conversationId: before.conversationId,
    });
    await after.press(sv.incident.next, { incidentAnswer: "Min jobbmejl" });
    expect(cardText(after.lastCard())).toContain("Fråga 4 av 8");
    for (let i = 4; i <= 8; i++) await after.press(sv.incident.skip);
    const summary = after.cards().slice(-3).map(cardText).join("\n");
    expect(summary).toContain("Hotfullt mejl efter fullmäktige");
    expect(summary).toContain("I måndags kväll");
    expect(summary).toContain("Min jobbmejl");
  });
});
