import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { restartableBot } from "../support/restartable-bot";
import { cardText } from "../support/test-user";

const sv = loadContent().ui("sv");

describe("a hard kill in the middle of an incident documentation", () => {
  const bot = restartableBot("tsf-crash-incident-");

  it("keeps the answers given so far: after kill -9 and a new start the user continues at the next question", async () => {
    const before = await bot.start();
    await before.say("dokumentera");
    await before.press(sv.incident.next, { incidentAnswer: "Hotfullt mejl efter fullmäktige" });
    await before.press(sv.incident.next, { incidentAnswer: "I måndags kväll" });
    expect(cardText(before.lastCard())).toContain("Fråga 3 av 8");

    const killed = await bot.kill();
    expect(killed.process.signalCode).toBe("SIGKILL");
    const after = await bot.restart(before);

    await after.press(sv.incident.next, { incidentAnswer: "Min jobbmejl" });
    expect(cardText(after.lastCard())).toContain("Fråga 4 av 8");
    for (let i = 4; i <= 8; i++) await after.press(sv.incident.skip);
    const summary = after.cards().slice(-3).map(cardText).join("\n");
    expect(summary).toContain("Hotfullt mejl efter fullmäktige");
    expect(summary).toContain("I måndags kväll");
    expect(summary).toContain("Min jobbmejl");
  }, 180_000); // two cold starts of a child bot process (tsx, PGlite initdb in a child) on a busy 2-core machine
});
