import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import type { Step, Theme } from "../../src/domain/content/content-schema";
import { unsourcedFigures as figuresWithoutSource } from "../../src/domain/content/figure-sources";
import { languages, type Language } from "../../src/domain/content/language";

/**
 * A theme takes 10–15 minutes to read and reflect on, and every figure in it says where it comes from.
 * Film steps are left out of the word count: a film adds to the theme's time, it does not replace its text.
 */
const minimumWords = 1200;
/** A path (e.g. "Stötta en kollega") is short: 5–8 minutes, yet with substance. */
const pathWords = { minimum: 600, maximum: 1600 };

const words = (text: string | undefined) => (text ?? "").split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

function readingWords(step: Step): number {
  switch (step.type) {
    case "text":
      return words(step.body);
    case "reflection":
      return words(step.contentNote) + words(step.body) + words(step.question) + words(step.alternativeQuestion);
    case "film":
      return 0;
  }
}

/** Paragraphs that give a figure without a source beside them, as "step: paragraph start". */
const unsourcedFigures = (theme: Theme, language: Language): string[] =>
  theme.steps.flatMap((step) => figuresWithoutSource(step.body ?? "", language).map((p) => `${step.id}: ${p}`));

describe("theme depth", () => {
  const catalog = loadContent();
  const cases = languages.flatMap((language) =>
    catalog.themes(language).map((theme) => [language, theme.id, theme] as const),
  );

  it.each(cases)("%s/%s has at least 1 200 words of text and reflection to read", (_language, _id, theme) => {
    const total = theme.steps.reduce((sum, step) => sum + readingWords(step), 0);
    expect(total).toBeGreaterThanOrEqual(minimumWords);
  });

  it.each(cases)("%s/%s lists its sources, each saying when or where it was published", (_language, _id, theme) => {
    expect(theme.sources.length).toBeGreaterThanOrEqual(3);
    for (const source of theme.sources)
      expect(source, source).toMatch(/\b(19|20)\d{2}\b|\b[a-z0-9-]+\.(se|org|com|de|eu)\b/);
  });

  it.each(cases)("%s/%s names the source beside every figure", (language, _id, theme) => {
    expect(unsourcedFigures(theme, language)).toEqual([]);
  });
});

describe("path depth", () => {
  const catalog = loadContent();
  const cases = languages.flatMap((language) =>
    catalog.paths(language).map((path) => [language, path.id, path] as const),
  );

  it("has at least one path to check", () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)("%s/%s has 600–1 600 words to read: 5–8 minutes", (_language, _id, path) => {
    const total = path.steps.reduce((sum, step) => sum + readingWords(step), 0);
    expect(total).toBeGreaterThanOrEqual(pathWords.minimum);
    expect(total).toBeLessThanOrEqual(pathWords.maximum);
  });

  it.each(cases)("%s/%s lists its sources, each saying when or where it was published", (_language, _id, path) => {
    expect(path.sources.length).toBeGreaterThanOrEqual(3);
    for (const source of path.sources)
      expect(source, source).toMatch(/\b(19|20)\d{2}\b|\b[a-z0-9-]+\.(se|org|com|de|eu)\b/);
  });

  it.each(cases)("%s/%s names the source beside every figure", (language, _id, path) => {
    expect(unsourcedFigures(path, language)).toEqual([]);
  });

  it.each(cases)("%s/%s never calls itself a numbered theme", (language, _id, path) => {
    const everything = [path.title, path.summary, ...path.steps.map((s) => JSON.stringify(s))].join("\n");
    expect(everything).not.toMatch(language === "sv" ? /\btema \d/i : /\btheme \d/i);
  });
});
