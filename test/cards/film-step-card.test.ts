import { describe, expect, it } from "vitest";
import { themeStepCard } from "../../src/cards/theme-step-card";
import { loadContent } from "../../src/domain/content/content-catalog";
import type { Film, Theme } from "../../src/domain/content/content-schema";

const content = loadContent();
const publicBaseUrl = "https://bot.example.se";
const staticBaseUrl = `${publicBaseUrl}/static`;
const theme = content.themes("sv")[0];
const filmIndex = theme.steps.findIndex((step) => step.type === "film");
const filmStep = theme.steps[filmIndex];

function cardWith(film: (film: Film) => Film) {
  if (filmStep.type !== "film") throw new Error("theme 1 has a film step");
  const shown: Theme = {
    ...theme,
    steps: theme.steps.map((step, i) => (i === filmIndex ? { ...filmStep, film: film(filmStep.film) } : step)),
  };
  const card = themeStepCard({
    ui: content.ui("sv"),
    theme: shown,
    stepIndex: filmIndex,
    language: "sv",
    publicBaseUrl,
    staticBaseUrl,
  });
  return JSON.parse(JSON.stringify(card)) as { body: Array<Record<string, unknown>> };
}

const elements = (card: { body: Array<Record<string, unknown>> }, type: string) =>
  card.body.filter((element) => element.type === type);
const filmActions = (card: { body: Array<Record<string, unknown>> }) =>
  (elements(card, "ActionSet")[0]?.actions ?? []) as Array<Record<string, unknown>>;
const withoutScript = ({ script: _script, ...film }: Film): Film => film;

describe("the film step card", () => {
  it("opens a film the bot renders itself in a Teams dialog, with the same player page as a browser link", () => {
    const card = cardWith((film) => film);
    const page = `${publicBaseUrl}/film/sv/${theme.id}/${filmStep.id}`;
    const [play, browser] = filmActions(card);
    expect(play).toMatchObject({
      type: "Action.Submit",
      data: { verb: "playFilm", themeId: theme.id, stepId: filmStep.id, msteams: { type: "task/fetch" } },
    });
    expect(browser).toEqual({ type: "Action.OpenUrl", title: content.ui("sv").film.openInBrowser, url: page });
    expect(elements(card, "Media")).toEqual([]);
    // The poster is a play button too.
    expect(elements(card, "Image")[0]).toMatchObject({ selectAction: { data: { verb: "playFilm" } } });
  });

  it("plays a film on a host Teams plays inline in the card's Media element, with the poster and a fallback", () => {
    const url = "https://www.youtube.com/watch?v=abc";
    const card = cardWith((film) => ({ ...withoutScript(film), url, captions: "films/intervju.sv.vtt" }));
    const [media] = elements(card, "Media");
    expect(media).toMatchObject({
      poster: `${staticBaseUrl}/images/film-1-poster.png`,
      sources: [{ mimeType: "video/mp4", url }],
      fallback: { type: "Image", url: `${staticBaseUrl}/images/film-1-poster.png` },
    });
    expect(filmActions(card)).toContainEqual(expect.objectContaining({ type: "Action.OpenUrl", url }));
    expect(filmActions(card)).toContainEqual(
      expect.objectContaining({ type: "Action.OpenUrl", url: `${staticBaseUrl}/films/intervju.sv.vtt` }),
    );
  });

  it.each(["https://web.microsoftstream.com.evil.example/v/1", "https://example.org/film.mp4"])(
    "links to a film on a host Teams cannot play inline (%s) instead of showing a dead player",
    (url) => {
      const card = cardWith((film) => ({ ...withoutScript(film), url, captions: "films/intervju.sv.vtt" }));
      expect(elements(card, "Media")).toEqual([]);
      expect(filmActions(card)[0]).toMatchObject({ type: "Action.OpenUrl", url });
    },
  );

  it("shows the poster without a player and the transcript open while a film is not produced", () => {
    const card = cardWith((film) => ({ ...withoutScript(film), url: "" }));
    expect(elements(card, "Media")).toEqual([]);
    expect(filmActions(card)).toEqual([]);
    expect(elements(card, "Container").find((c) => c.id === "film-transcript")).toMatchObject({ isVisible: true });
  });
});
