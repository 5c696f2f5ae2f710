/**
 * End-to-end: quick help in the real Microsoft 365 Agents Playground with the real bot
 * (npx tsx src/index.ts), in the Playground's default (demo-licensed) workspace:
 *
 * - `akut` in the middle of theme 1: the one question, "no" gives the checklist (an item expands to
 *   its details in the card), and "continue where I was" goes back to the same step of the theme;
 * - a question in free text ("ska jag polisanmäla") gives search hits, one of them the police report
 *   article, which opens in full;
 * - `akut` again and "yes": the call-112 card.
 *
 * All texts come from content/sv/ui.yaml, content/sv/akut.yaml, content/sv/tema-*.yaml and the
 * article's front matter. Screenshots: test-artifacts/e2e/quick-help-<nn>-<what>.png.
 *
 * Run: npx vitest run test/e2e/quick-help.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fill, loadAkut, loadArticle, loadTheme, loadUi } from "./support/content-texts";
import { E2E_SKIP_REASON, TURN_MS, startE2ESession, type E2ESession } from "./support/e2e-session";

// ---------------------------------------------------------------------------------------------
// Content, read the way the bot reads it

interface UiYaml {
  menu: { open: string; continue: string };
  step: { position: string; next: string };
  search: { youAsked: string; intro: string; readArticle: string };
}

interface AkutYaml {
  askTitle: string;
  askBody: string;
  yes: string;
  no: string;
  danger: { title: string; body: string; call: string };
  checklist: {
    title: string;
    intro: string;
    items: { title: string; details: string }[];
    resume: string;
  };
}

interface ThemeYaml {
  order: number;
  title: string;
  steps: { id: string; title: string }[];
}

/** The start of a text before any Markdown or placeholder, i.e. what the rendered card shows verbatim. */
function plainStart(text: string): string {
  return text
    .trim()
    .split("\n")[0]
    .replace(/^[-*]\s+/, "")
    .split(/[*_`[\]{]/)[0]
    .trim();
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(E2E_SKIP_REASON !== undefined)("quick help in the Agents Playground (real bot)", () => {
  let session: E2ESession | undefined;

  beforeAll(async () => {
    // The repo's Playground config: the default tenant, which gets the demo licence on an empty database.
    session = await startE2ESession({ name: "quick-help" });
  }, 180_000);

  afterAll(() => session?.stop(), 60_000);

  it("akut mid-theme and back; a question in free text", async () => {
    const { page, screenshot, step } = session!;
    const started = Date.now();
    const sv = loadUi<UiYaml>("sv");
    const akut = loadAkut<AkutYaml>("sv");
    const theme = loadTheme<ThemeYaml>("sv", 1);
    const count = theme.steps.length;
    const position = (n: number) => fill(sv.step.position, { theme: theme.order, step: n, count });
    expect(count).toBeGreaterThanOrEqual(3);

    // 1. Swedish, theme 1, on to step 3.
    await step("svenska", async () => {
      await page.send("svenska");
      await page.waitForBotMessageContaining(fill(sv.menu.open, { number: 1 }), TURN_MS);
    });
    await step("open theme 1", async () => {
      await page.clickCardButton(fill(sv.menu.open, { number: 1 }));
      await page.waitForBotMessageContaining(position(1), TURN_MS);
    });
    for (const n of [2, 3]) {
      await step(`next to step ${n}`, async () => {
        await page.clickCardButton(sv.step.next);
        const card = await page.waitForBotMessageContaining(position(n), TURN_MS);
        expect(card).toContain(plainStart(theme.steps[n - 1].title));
      });
    }
    await screenshot("theme-1-step-3");

    // 2. `akut`: the one question first.
    const askAkut = async () => {
      await page.send("akut");
      const card = await page.waitForBotMessageContaining(akut.askTitle, TURN_MS);
      expect(card).toContain(plainStart(akut.askBody));
      await page.page.getByRole("button", { name: akut.yes, exact: true }).last().waitFor({ state: "visible" });
      await page.page.getByRole("button", { name: akut.no, exact: true }).last().waitFor({ state: "visible" });
    };
    await step("akut (1)", askAkut);
    await screenshot("akut-question");

    // 3. "No": the checklist, every item title shown and its details hidden until tapped.
    const checklistMessage = await step("akut no -> checklist", async () => {
      await page.clickCardButton(akut.no);
      const card = await page.waitForBotMessageContaining(akut.checklist.title, TURN_MS);
      expect(card).toContain(akut.checklist.intro);
      // "1. Title" renders as a Markdown ordered list, so innerText has no number: compare the rest.
      for (const item of akut.checklist.items) expect(card).toContain(item.title.replace(/^\d+\.\s+/, ""));
      return page.page.locator(".fai-OutputCard").filter({ hasText: akut.checklist.title }).last();
    });
    await screenshot("akut-checklist");

    const item = akut.checklist.items.find((i) => i.title.includes("bevis")) ?? akut.checklist.items[1];
    const details = checklistMessage.getByText(plainStart(item.details));
    await step("expand a checklist item", async () => {
      expect(await details.isVisible()).toBe(false);
      await checklistMessage.getByRole("button", { name: item.title, exact: true }).click();
      await details.waitFor({ state: "visible", timeout: 10_000 });
    });
    await details.scrollIntoViewIfNeeded();
    await screenshot("akut-checklist-expanded", { scrollTo: "none" });

    // 4. "Continue where I was": back at step 3 of theme 1.
    await step("resume", async () => {
      await page.clickCardButton(akut.checklist.resume);
      const card = await page.waitForBotMessageContaining(position(3), TURN_MS);
      expect(card).toContain(plainStart(theme.steps[2].title));
    });
    await screenshot("resumed-step-3");

    // 5. A question in free text: the police report article among the hits, and it opens.
    //    Inside a theme, typed text goes to the theme (src/app.ts catch-all: the bot answers with the
    //    "use the buttons" nudge and the step again), so leave the theme through the menu first.
    await step("meny (leave the theme)", async () => {
      await page.send("meny");
      await page.waitForBotMessageContaining(fill(sv.menu.continue, { number: 1 }), TURN_MS);
    });
    const article = loadArticle("sv", "polisanmalan");
    const question = "ska jag polisanmäla";
    await step("free-text question", async () => {
      await page.send(question);
      const card = await page.waitForBotMessageContaining(sv.search.intro, TURN_MS);
      expect(card).toContain(article.title);
      expect(card).toContain(plainStart(sv.search.youAsked));
      expect(card).toContain(question);
    });
    await screenshot("search-results");
    await step("read the article", async () => {
      await page.clickCardButton(sv.search.readArticle, { near: article.title });
      const card = await page.waitForBotMessageContaining(article.title, TURN_MS);
      expect(card).toContain(plainStart(article.body));
      expect(card).not.toContain(sv.search.intro);
    });
    await screenshot("article");

    // 6. `akut` again, "yes": call 112 and nothing else.
    await step("akut (2)", askAkut);
    await step("akut yes -> call 112", async () => {
      await page.clickCardButton(akut.yes);
      const card = await page.waitForBotMessageContaining(akut.danger.title, TURN_MS);
      expect(card).toContain(akut.danger.body);
      const message = page.page.locator(".fai-OutputCard").filter({ hasText: akut.danger.title }).last();
      // Action.OpenUrl (tel:112) renders with role "link"; no other action competes with it.
      const call = message.getByRole("link", { name: akut.danger.call, exact: true });
      await call.waitFor({ state: "visible" });
      expect(await message.getByRole("button").count()).toBe(0);
    });
    await screenshot("akut-danger");

    console.info(`[e2e] quick help took ${Math.round((Date.now() - started) / 1000)} s`);
  }, 300_000);
});
