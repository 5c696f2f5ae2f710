import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { languages } from "../../src/domain/content/language";
import { ARTIFACT_DIR, CHROMIUM_PATH, chromiumArgs, chromiumAvailable } from "../e2e/support/playground";
import { wcagViolations } from "../support/axe";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";

const content = loadContent();
const screenshots = path.join(ARTIFACT_DIR, "..", "facilitator-guides");

/** Every guide in every language, and the two pages that say a guide is not there. */
const pages = [
  ...languages.flatMap((language) =>
    [...content.themes(language), ...content.paths(language)].map((theme) => ({
      name: `${language}-${theme.id}`,
      path: `/guide/${language}/${theme.id}`,
    })),
  ),
  { name: "not-found-theme", path: "/guide/sv/finns-inte" },
  { name: "not-found-language", path: "/guide/xx/forovarna" },
];

describe.skipIf(!chromiumAvailable())("the facilitator guide page in Chromium", () => {
  let harness: BotUnderTest;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    harness = await startBotUnderTest("pglite");
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it.each(pages.map((page) => [page.name, page] as const))(
    "%s passes axe-core (WCAG 2.1 A and AA) and fits a phone's width",
    async (_name, { name, path: pagePath }) => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const blockedByCsp: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) blockedByCsp.push(message.text());
      });
      try {
        await page.goto(`${harness.url}${pagePath}`);
        expect(await page.evaluate(`document.documentElement.scrollWidth <= window.innerWidth`)).toBe(true);
        await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: false });

        expect(await wcagViolations(page)).toEqual([]);
        // The inline style is allowed by its hash: a blocked style would leave the page unstyled.
        expect(blockedByCsp).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );

  it("prints without the contents list and the screen-only lines, and shows where a web link leads", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${harness.url}/guide/sv/forbered-dig`);
      const navShown = `getComputedStyle(document.querySelector("nav")).display !== "none"`;
      expect(await page.evaluate(navShown)).toBe(true);
      await page.emulateMedia({ media: "print" });
      expect(await page.evaluate(navShown)).toBe(false);
      expect(await page.evaluate(`getComputedStyle(document.querySelector(".screen-only")).display`)).toBe("none");
      expect(
        await page.evaluate(`getComputedStyle(document.querySelector('a[href^="https:"]'), "::after").content`),
      ).toMatch(/attr\(href\)|https:/);
      const pdf = await page.pdf({ format: "A4" });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      await page.close();
    }
  });
});
