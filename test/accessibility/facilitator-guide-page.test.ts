import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { languages } from "../../src/domain/content/language";
import { chromiumAvailable } from "../e2e/support/playground";
import { useBotPagesInChromium, wcagViolations } from "../support/axe";

const content = loadContent();

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
  const bot = useBotPagesInChromium("facilitator-guides");

  it.each(pages.map((page) => [page.name, page] as const))(
    "%s passes axe-core (WCAG 2.1 A and AA) and fits a phone's width",
    async (_name, { name, path: pagePath }) => {
      await bot.withPage(async ({ page, blockedByCsp, screenshot }) => {
        await page.goto(`${bot.url}${pagePath}`);
        expect(await page.evaluate(`document.documentElement.scrollWidth <= window.innerWidth`)).toBe(true);
        await screenshot(name);

        expect(await wcagViolations(page)).toEqual([]);
        // The inline style is allowed by its hash: a blocked style would leave the page unstyled.
        expect(blockedByCsp).toEqual([]);
      });
    },
  );

  it("prints without the contents list and the screen-only lines, and shows where a web link leads", async () => {
    await bot.withPage(
      async ({ page }) => {
        await page.goto(`${bot.url}/guide/sv/forbered-dig`);
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
      },
      // A desktop window: what is printed from.
      { viewport: { width: 1280, height: 720 } },
    );
  });
});
