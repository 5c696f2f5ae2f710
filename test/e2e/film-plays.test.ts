/**
 * End-to-end: a film step in the real Microsoft 365 Agents Playground. The Playground does not run
 * task modules (it logs "Task module (task/fetch)" as an unsupported card feature), so this test takes
 * the path a Teams client without dialogs takes: the card's Action.OpenUrl, which the Playground opens
 * with window.open, to the bot's own player page. There the film must play, with the captions showing.
 * Screenshots: test-artifacts/e2e/film-plays-<nn>-<what>.png.
 *
 * Run: npx vitest run test/e2e/film-plays.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fill, loadTheme, loadUi, type Lang } from "./support/content-texts";
import { ARTIFACT_DIR } from "./support/playground";
import { E2E_SKIP_REASON, TURN_MS, startE2ESession, type E2ESession } from "./support/e2e-session";
import { untilInPage as until } from "./support/until-in-page";

interface UiYaml {
  menu: { open: string };
  step: { position: string; next: string };
  film: { play: string; openInBrowser: string };
}
interface ThemeYaml {
  id: string;
  order: number;
  steps: { id: string; type: string; title: string; film?: { transcript: string } }[];
}

describe.skipIf(E2E_SKIP_REASON !== undefined)("a film in the Agents Playground (real bot)", () => {
  let session: E2ESession | undefined;

  beforeAll(async () => {
    session = await startE2ESession({ name: "film-plays" });
  }, 180_000);

  afterAll(() => session?.stop(), 60_000);

  it("an official opens theme 1's film step and the film plays with captions on the bot's player page", async () => {
    const { page, screenshot, step } = session!;
    const lang: Lang = "sv";
    const ui = loadUi<UiYaml>(lang);
    const theme = loadTheme<ThemeYaml>(lang, 1);
    const filmIndex = theme.steps.findIndex((s) => s.type === "film");
    const film = theme.steps[filmIndex];

    await step("svenska", async () => {
      await page.send("svenska");
      await page.waitForBotMessageContaining(fill(ui.menu.open, { number: 1 }), TURN_MS);
    });
    await step("open theme 1", () => page.clickCardButton(fill(ui.menu.open, { number: 1 })));
    for (let index = 0; index < filmIndex; index++) {
      const position = fill(ui.step.position, { theme: theme.order, step: index + 1, count: theme.steps.length });
      await step(`step ${index + 1}`, () => page.waitForBotMessageContaining(position, TURN_MS));
      await step(`next on step ${index + 1}`, () => page.clickCardButton(ui.step.next));
    }
    const position = fill(ui.step.position, { theme: theme.order, step: filmIndex + 1, count: theme.steps.length });
    const cardText = await step("film step", () => page.waitForBotMessageContaining(position, TURN_MS));
    expect(cardText).toContain(film.title.replace(/^Film: /, ""));
    const images = await step("poster", () => page.waitForLatestCardImages());
    expect(images.some((src) => /\/static\/images\/film-1-poster\.png$/.test(src))).toBe(true);
    await screenshot("film-card");

    // The card's browser link: the Playground opens it in a new window, as a Teams client without dialogs would.
    const player = await step("open the player page", async () => {
      const opened = page.page.context().waitForEvent("page", { timeout: TURN_MS });
      // The Adaptive Cards renderer gives Action.OpenUrl the role "link", not "button".
      await page.page
        .locator(".ac-adaptiveCard")
        .last()
        .getByRole("link", { name: ui.film.openInBrowser, exact: true })
        .click();
      const popup = await opened;
      await popup.waitForLoadState("domcontentloaded");
      return popup;
    });
    expect(player.url()).toMatch(new RegExp(`/film/sv/${theme.id}/${film.id}$`));
    await player.setViewportSize({ width: 1280, height: 900 });

    await step("the film plays", async () => {
      await until(player, `document.getElementById("film").readyState >= 2`);
      await player.evaluate(
        `(() => { const v = document.getElementById("film"); v.muted = true; return v.play(); })()`,
      );
      await until(player, `document.getElementById("film").currentTime > 2`);
    });
    const captionsTrack = `Array.from(document.getElementById("film").textTracks).find((t) => t.kind === "captions")`;
    const cue = await step("captions show", async () => {
      await until(player, `(${captionsTrack}).mode === "showing" && (${captionsTrack}).activeCues.length > 0`);
      return String(await player.evaluate(`(${captionsTrack}).activeCues[0].text`));
    });
    expect(film.film!.transcript.replace(/\s+/g, " ")).toContain(cue.replace(/\s+/g, " "));
    await player.evaluate(`document.getElementById("film").pause()`);
    await player.screenshot({ path: `${ARTIFACT_DIR}/film-plays-02-player-playing.png` });

    // Later in the film: a figure with its source on screen, and a chapter chosen from the list.
    await player.locator("ol.chapters button").nth(2).click();
    await until(player, `(${captionsTrack}).activeCues.length > 0`);
    await player.evaluate(`(() => { const v = document.getElementById("film"); v.pause(); v.currentTime += 3; })()`);
    await player.waitForTimeout(500);
    await player.screenshot({ path: `${ARTIFACT_DIR}/film-plays-03-player-chapter.png` });
    await player.setViewportSize({ width: 390, height: 844 });
    await player.screenshot({ path: `${ARTIFACT_DIR}/film-plays-04-player-phone.png`, fullPage: true });
    await player.close();
  }, 300_000);
});
