import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { restartableBot } from "../support/restartable-bot";
import { cardText } from "../support/test-user";

const content = loadContent();
const ui = content.ui("sv");
const stepCount = content.theme("sv", "uttryck-och-konsekvenser")!.steps.length;

describe("a hard restart", () => {
  const bot = restartableBot("tsf-restart-");

  it("keeps the user's place: after kill -9 and a new start, fortsätt and the old card's next both continue", async () => {
    const before = await bot.start();
    await before.submit({ verb: "openTheme", themeId: "uttryck-och-konsekvenser" });
    for (let i = 0; i < 4; i++) await before.press(ui.step.next);
    expect(cardText(before.lastCard())).toContain(`steg 5 av ${stepCount}`);

    const killed = await bot.kill();
    expect(killed.process.signalCode).toBe("SIGKILL");

    const after = await bot.restart(before);
    await after.press(ui.step.next);
    expect(cardText(after.lastCard())).toContain(`steg 6 av ${stepCount}`);

    await after.say("meny");
    await after.say("fortsätt");
    expect(cardText(after.lastCard())).toContain(`steg 6 av ${stepCount}`);
  }, 180_000); // two cold starts of a child bot process (tsx, PGlite initdb in a child) on a busy 2-core machine
});
