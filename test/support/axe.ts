import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { ARTIFACT_DIR, CHROMIUM_PATH, chromiumArgs } from "../e2e/support/playground";
import { startBotUnderTest, type BotUnderTest } from "./test-bot";

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** What axe-core finds on the page against WCAG 2.1 A and AA, one readable line per violation. */
export async function wcagViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  // Browser-side code as a string: the test project has no DOM types.
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/** A page of the bot open in Chromium, with what the browser said the page's Content Security Policy blocked. */
export interface WatchedPage {
  page: Page;
  blockedByCsp: string[];
  /** Keeps a picture of the page under the suite's screenshot folder, for a person to look at. */
  screenshot(name: string): Promise<void>;
}

export interface BotPagesInChromium {
  /** The bot's address. */
  readonly url: string;
  /** Runs `use` on a new page (a phone's size unless a viewport is given), closed afterwards. */
  withPage<T>(
    use: (watched: WatchedPage) => Promise<T>,
    options?: { locale?: string; viewport?: { width: number; height: number } },
  ): Promise<T>;
}

const phone = { width: 390, height: 844 };

/**
 * A bot on the embedded database and a headless Chromium for one suite, started in `beforeAll` and
 * stopped in `afterAll`. Call it inside a `describe.skipIf(!chromiumAvailable())`; screenshots go to
 * test-artifacts/<screenshotFolder>.
 */
export function useBotPagesInChromium(screenshotFolder: string): BotPagesInChromium {
  const screenshots = path.join(ARTIFACT_DIR, "..", screenshotFolder);
  let harness: BotUnderTest | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    harness = await startBotUnderTest("pglite");
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });
  const started = () => {
    if (!harness || !browser) throw new Error("The bot and the browser start in beforeAll; use them inside a test");
    return { harness, browser };
  };
  return {
    get url() {
      return started().harness.url;
    },
    async withPage(use, options = {}) {
      const page = await started().browser.newPage({ viewport: options.viewport ?? phone, locale: options.locale });
      const blockedByCsp: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) blockedByCsp.push(message.text());
      });
      const screenshot = async (name: string) => {
        await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: false });
      };
      try {
        return await use({ page, blockedByCsp, screenshot });
      } finally {
        await page.close();
      }
    },
  };
}
