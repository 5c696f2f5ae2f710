import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { languages } from "../../src/domain/content/language";
import { chromiumAvailable } from "../e2e/support/playground";
import { useBotPagesInChromium, wcagViolations } from "../support/axe";
import { untilInPage as until } from "../e2e/support/until-in-page";

const content = loadContent();

/** Every film the bot serves, in every language: the player page a Teams dialog opens. */
const films = languages.flatMap((language) =>
  content
    .themes(language)
    .flatMap((theme) => theme.steps.filter((step) => step.type === "film").map((step) => ({ language, theme, step }))),
);

describe.skipIf(!chromiumAvailable())("the film player page in Chromium", () => {
  const bot = useBotPagesInChromium("films");

  it.each(films.map((film) => [`${film.language} ${film.theme.id}`, film] as const))(
    "%s plays with captions showing and passes axe-core (WCAG 2.1 A and AA)",
    async (_name, { language, theme, step }) => {
      await bot.withPage(
        async ({ page, blockedByCsp, screenshot }) => {
          await page.goto(`${bot.url}/film/${language}/${theme.id}/${step.id}`);
          // Browser-side code as strings: the test project has no DOM types.
          const captionsTrack = `Array.from(document.getElementById("film").textTracks).find((t) => t.kind === "captions")`;
          await until(page, `document.getElementById("film").readyState >= 1`);
          // Seek into the second scene: a caption cue must be on screen there.
          await page.evaluate(`document.getElementById("film").currentTime = 12`);
          await until(page, `(${captionsTrack})?.mode === "showing" && (${captionsTrack}).activeCues.length > 0`);
          const cue = String(await page.evaluate(`(${captionsTrack}).activeCues[0].text`));
          expect(step.type === "film" && step.film.transcript.replace(/\s+/g, " ")).toContain(cue.replace(/\s+/g, " "));
          // The chapter list seeks the film, and captions can be switched off and on again.
          const chapter = page.locator("ol.chapters button").nth(1);
          await chapter.click();
          expect(Number(await page.evaluate(`document.getElementById("film").currentTime`))).toBeCloseTo(
            Number(await chapter.getAttribute("data-start")),
            0,
          );
          await page.locator("#captions-off").check();
          expect(await page.evaluate(`(${captionsTrack}).mode`)).toBe("hidden");
          await page.locator("#captions-on").check();
          expect(await page.evaluate(`(${captionsTrack}).mode`)).toBe("showing");
          await screenshot(`${language}-${theme.id}`);

          expect(await wcagViolations(page)).toEqual([]);
          expect(blockedByCsp).toEqual([]);
        },
        { locale: language },
      );
    },
  );
});
