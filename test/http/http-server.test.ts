import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { DATABASE_KINDS } from "../support/database-targets";
import { postgresAvailable } from "../support/postgres";
import { startBotUnderTest, useBotUnderTest } from "../support/test-bot";
import { cardText } from "../support/test-user";

const content = loadContent();
const ui = content.ui("sv");
const theme1Steps = content.themes("sv")[0].steps.length;
describe("the bot over HTTP", async () => {
  const pgAvailable = await postgresAvailable;

  for (const kind of DATABASE_KINDS) {
    describe.skipIf(kind === "postgres" && !pgAvailable)(`on ${kind}`, () => {
      const harness = useBotUnderTest(kind);

      it("answers the liveness and readiness probes", async () => {
        expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
        const ready = await fetch(`${harness.url}/readyz`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toEqual({ status: "ready" });
      });

      it("serves the card images from its static route", async () => {
        const response = await fetch(`${harness.url}/static/images/trappan.png`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("image/png");
        const missing = await fetch(`${harness.url}/static/images/finns-inte.png`);
        expect(missing.status).toBe(404);
        expect(await missing.text()).not.toMatch(/at .*\.js|node_modules/);
      });

      it("takes an official from install through a theme, a saved reflection and back with fortsätt", async () => {
        const user = harness.newUser();
        expect(await user.install()).toHaveLength(2);
        await user.press("Öppna tema 1");
        await user.press(ui.step.next);
        await user.press(ui.step.next);
        await user.press(ui.step.next);
        await user.press(ui.step.next);
        await user.press(ui.reflection.save, { reflectionAnswer: "Mitt svar" });
        expect(cardText(user.lastCard())).toContain(ui.reflection.saved);
        await user.say("meny");
        await user.say("fortsätt");
        expect(cardText(user.lastCard())).toContain(`steg 6 av ${theme1Steps}`);
        await user.say("mina reflektioner");
        expect(cardText(user.lastCard())).toContain("Mitt svar");
      });

      it("refuses a body that is not JSON with 400 and no stack trace", async () => {
        const response = await fetch(`${harness.url}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{not json",
        });
        expect(response.status).toBe(400);
        expect(await response.text()).not.toMatch(/SyntaxError|at .*\.js/);
      });

      it("answers a message that names no user with a notice, and stores nothing", async () => {
        const user = harness.newUser();
        const { status, replies } = await user.post({ type: "message", text: "meny", from: { id: "" } });
        expect(status).toBe(200);
        expect(replies).toHaveLength(1);
        expect(await harness.bot.database.prisma.themeProgress.count({ where: { userId: "" } })).toBe(0);
      });
    });
  }
});

describe("readiness when the database is gone", () => {
  it("reports not ready once the database is closed, while liveness stays up", async () => {
    const harness = await startBotUnderTest("pglite");
    try {
      await harness.bot.database.close();
      expect((await fetch(`${harness.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
    } finally {
      await harness.stop();
    }
  });
});

describe("the privacy notice on the web", () => {
  it("is served at /integritet in Swedish and /privacy in English, as escaped HTML", async () => {
    const harness = await startBotUnderTest("pglite");
    try {
      const sv = await fetch(`${harness.url}/integritet`);
      expect(sv.status).toBe(200);
      expect(sv.headers.get("content-type")).toMatch(/^text\/html/);
      const page = await sv.text();
      expect(page).toContain('<html lang="sv">');
      expect(page).toContain("<h1>Integritet – så hanteras dina uppgifter</h1>");
      expect(page).toContain("<strong>personuppgiftsansvarig</strong>");
      expect(page).not.toMatch(/<script/i);
      const en = await fetch(`${harness.url}/privacy`);
      expect(await en.text()).toContain('<html lang="en">');
    } finally {
      await harness.stop();
    }
  });
});
