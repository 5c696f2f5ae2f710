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
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import {
  ARTIFACT_DIR,
  CHROMIUM_PATH,
  REPO_ROOT,
  chromiumAvailable,
  getFreePort,
  openPlaygroundPage,
  startBot,
  startPlayground,
  type PlaygroundPage,
  type RunningBot,
  type RunningPlayground,
} from "./support/playground";

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

const contentDir = join(REPO_ROOT, "content", "sv");
const readYaml = <T>(path: string): T => YAML.parse(readFileSync(path, "utf8")) as T;

function loadTheme(order: number): ThemeYaml {
  const theme = readdirSync(contentDir)
    .filter((name) => /^tema-.*\.yaml$/.test(name))
    .map((name) => readYaml<ThemeYaml>(join(contentDir, name)))
    .find((t) => t.order === order);
  if (!theme) throw new Error(`content/sv has no theme with order ${order}`);
  return theme;
}

/** A Markdown article: front matter (YAML between --- lines) and the body. */
function loadArticle(id: string): { title: string; body: string } {
  const text = readFileSync(join(contentDir, "articles", `${id}.md`), "utf8");
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`content/sv/articles/${id}.md has no front matter`);
  const front = YAML.parse(match[1]) as { title: string };
  return { title: front.title, body: match[2] };
}

/** Same as the bot's fill(): "{name}" placeholders. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
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

const skipReason = chromiumAvailable() ? undefined : `${CHROMIUM_PATH} is missing, so the browser e2e tests cannot run`;
if (skipReason) console.warn(`[e2e] SKIPPED: ${skipReason}`);

const TURN_MS = 30_000; // One bot answer; generous for a cold tsx + PGlite first turn.

describe.skipIf(skipReason !== undefined)("quick help in the Agents Playground (real bot)", () => {
  let dataDir: string | undefined;
  let bot: RunningBot | undefined;
  let playground: RunningPlayground | undefined;
  let ui: PlaygroundPage | undefined;

  beforeAll(async () => {
    for (const name of existsSync(ARTIFACT_DIR) ? readdirSync(ARTIFACT_DIR) : []) {
      if (/^quick-help-.*\.png$/.test(name)) rmSync(join(ARTIFACT_DIR, name));
    }
    dataDir = mkdtempSync(join(tmpdir(), "e2e-quick-help-data-"));
    const port = await getFreePort();
    bot = await startBot({
      port,
      dataDir,
      env: { PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: "warn" },
      timeoutMs: 90_000,
    });
    // The repo's config: the default tenant, which gets the demo licence on an empty database.
    playground = await startPlayground({ botEndpoint: bot.endpoint, port: await getFreePort() });
    ui = await openPlaygroundPage(playground.url);
  }, 180_000);

  afterAll(async () => {
    // Each step guarded, so one failing cleanup does not leave the other processes running.
    await ui?.close().catch(() => undefined);
    await playground?.stop().catch(() => undefined);
    await bot?.stop().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("akut mid-theme and back; a question in free text", async () => {
    const page = ui!;
    const started = Date.now();
    let shot = 0;
    const screenshot = async (what: string) => {
      await page.scrollToLatestBotMessage();
      await page.screenshot(`quick-help-${String(++shot).padStart(2, "0")}-${what}`);
    };
    const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
      try {
        return await action();
      } catch (error) {
        // What the bot actually showed: the newest message's text, a screenshot and the bot's log.
        const lastMessage = await page.page
          .locator(".fai-OutputCard")
          .last()
          .innerText({ timeout: 2000 })
          .catch(() => "(none)");
        await page.screenshot(`quick-help-failure-${name.replace(/\W+/g, "-")}`).catch(() => undefined);
        const botLog = bot?.process.output().slice(-4000) ?? "";
        throw new Error(
          `${name} failed: ${(error as Error).message}\n--- newest bot message ---\n${lastMessage}\n--- bot output ---\n${botLog}`,
          { cause: error },
        );
      }
    };
    const sv = readYaml<UiYaml>(join(contentDir, "ui.yaml"));
    const akut = readYaml<AkutYaml>(join(contentDir, "akut.yaml"));
    const theme = loadTheme(1);
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
    await page.screenshot(`quick-help-${String(++shot).padStart(2, "0")}-akut-checklist-expanded`);

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
    const article = loadArticle("polisanmalan");
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
